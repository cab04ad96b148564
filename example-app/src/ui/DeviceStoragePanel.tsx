// This device's own copy: whether the browser keeps it for good (persistent storage, asked for
// at startup; a button asks again), and how much of the quota the board uses.

import { useEffect, useState } from 'react'
import { formatBytes, readDeviceStorage, requestPersistentStorage, type DeviceStorage } from '../offline/device-storage.ts'

export function DeviceStoragePanel() {
  const [state, setState] = useState<DeviceStorage>()
  const refresh = (): void => void readDeviceStorage().then(setState)
  useEffect(refresh, [])
  if (!state) return null
  const { persisted, usage, quota } = state
  return (
    <section className="card" data-testid="device-storage" data-persisted={String(persisted)} data-usage={usage ?? ''} data-quota={quota ?? ''}>
      <h3>On this device</h3>
      <p data-testid="device-storage-persisted">
        {persisted === true
          ? 'The browser keeps this board’s data until you remove it.'
          : persisted === false
            ? 'The browser may clear this board’s data when space runs low: edits not uploaded yet would be lost.'
            : 'This browser does not say whether it keeps this board’s data.'}
      </p>
      {persisted === false && (
        <button type="button" className="secondary" data-testid="device-storage-persist" onClick={() => void requestPersistentStorage().then(refresh)}>
          Ask to keep the data
        </button>
      )}
      {usage !== undefined && quota !== undefined && (
        <>
          <progress className="usage-meter" value={usage} max={Math.max(1, quota)} aria-label="Storage used on this device" />
          <p className="form-hint" data-testid="device-storage-usage">
            {formatBytes(usage)} used of {formatBytes(quota)} this browser allows.
          </p>
        </>
      )}
    </section>
  )
}
