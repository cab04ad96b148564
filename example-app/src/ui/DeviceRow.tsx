// One of this person's devices: which it is, where it is, and Remove for the others.

import { shortId, type UserDevice } from '../session/membership-view.ts'
import { ConfirmButton } from './ConfirmButton.tsx'

export interface DeviceRowProps {
  readonly device: UserDevice
  readonly busy: boolean
  readonly onRemove: () => Promise<void>
}

export function DeviceRow({ device, busy, onRemove }: DeviceRowProps) {
  const recovery = device.kind === 'recovery'
  const where = `in ${device.workspaces.length} ${device.workspaces.length === 1 ? 'workspace' : 'workspaces'}`
  return (
    <li data-testid="device-row" data-device-id={device.deviceId} data-kind={device.kind} data-this={device.thisDevice}>
      <span className="member-id" title={device.deviceId}>
        <span>{recovery ? 'Recovery key' : device.thisDevice ? 'This browser' : 'Another device'}</span>
        <code className="meta">{shortId(device.deviceId)}</code>
        {device.thisDevice && (
          <span className="badge" data-testid="device-this">
            this device
          </span>
        )}
        {recovery && (
          <span className="badge" data-testid="device-recovery">
            recovery key
          </span>
        )}
      </span>
      <span className="meta">{recovery ? `opens your recovery kit · ${where}` : where}</span>
      {!device.thisDevice && (
        <ConfirmButton
          label="Remove"
          question={recovery ? 'Remove the recovery key? Your current kit stops working.' : 'Remove this device? It loses access to new changes everywhere.'}
          busyLabel="Removing…"
          testId="device-remove"
          disabled={busy}
          onConfirm={onRemove}
        />
      )}
    </li>
  )
}
