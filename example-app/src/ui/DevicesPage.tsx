// This person's devices across every workspace this device is in (and the recovery key, when
// there is a kit): link a new one, remove a lost one. Removing rotates each workspace's keys.

import { useClient } from 'clientful/react'
import { useMembership, useProfiles } from 'clientful/react'
import { useCallback, useEffect, useState } from 'react'
import { describeError } from '../session/describe-error.ts'
import { shortId, type UserDevice } from '../session/membership-view.ts'
import { syncEverywhere } from '../session/sync-everywhere.ts'
import { useSyncNow } from '../session/use-sync-now.ts'
import { DeviceRow } from './DeviceRow.tsx'
import { LinkDevicePanel } from './LinkDevicePanel.tsx'

export function DevicesPage() {
  const client = useClient()
  const [devices, setDevices] = useState<UserDevice[]>()
  const [busy, setBusy] = useState(false)
  const [line, setLine] = useState<{ readonly ok: boolean; readonly text: string }>()

  const load = useCallback(async (): Promise<void> => {
    try {
      setDevices(await client.devices())
    } catch (error) {
      setLine({ ok: false, text: describeError(error) })
    }
  }, [client])
  // Reload whenever the open workspace's membership changes (a device joined or left).
  const { version: membershipVersion } = useMembership()
  const { profiles, me } = useProfiles()
  const myName = me === undefined ? undefined : profiles.get(me)?.name
  const syncNow = useSyncNow()
  useEffect(() => void load(), [load, membershipVersion])

  const remove = async (deviceId: string): Promise<void> => {
    setBusy(true)
    setLine(undefined)
    try {
      const changed = await client.removeDevice(deviceId)
      const shared = await syncEverywhere(client)
      const where = `${changed.length} ${changed.length === 1 ? 'workspace' : 'workspaces'}`
      setLine({ ok: true, text: `${shortId(deviceId)} was removed from ${where}${shared ? '' : '; the others learn it once storage is reachable'}.` })
    } catch (error) {
      setLine({ ok: false, text: describeError(error) })
    } finally {
      setBusy(false)
      await load()
    }
  }

  return (
    <main className="page" data-testid="devices-page">
      <h2 data-testid="devices-title">{myName ? `${myName}’s devices` : 'Your devices'}</h2>
      {devices === undefined ? (
        <p className="loading">Loading…</p>
      ) : (
        <ul className="rows" data-testid="device-list" data-count={devices.length}>
          {devices.map((device) => (
            <DeviceRow key={device.deviceId} device={device} busy={busy} onRemove={() => remove(device.deviceId)} />
          ))}
        </ul>
      )}
      {line && (
        <p className={line.ok ? 'form-hint' : 'form-error'} data-testid="devices-status" role={line.ok ? 'status' : 'alert'}>
          {line.text}
        </p>
      )}
      <LinkDevicePanel devices={devices ?? []} syncNow={syncNow} />
    </main>
  )
}
