// "A new version is ready": shown once a new deploy is installed and waiting; the board keeps
// running this version until the user reloads (their unsynced edits are on the device either way).

import { useSyncExternalStore } from 'react'
import { useServices } from '../app/services.ts'

export function UpdateBanner() {
  const { updates } = useServices()
  const waiting = useSyncExternalStore(updates.subscribe, updates.waiting)
  if (!waiting) return null
  return (
    <div className="banner update-banner" data-testid="update-banner" role="status">
      <span>A new version of the board is ready.</span>
      <button type="button" data-testid="update-reload" onClick={() => void updates.applyUpdate()}>
        Reload to update
      </button>
    </div>
  )
}
