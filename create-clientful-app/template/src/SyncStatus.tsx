// Whether edits are safe: online or not, what waits to upload, and the last problem.

import { useStatus } from 'clientful/react'

export function SyncStatus() {
  const status = useStatus()
  const upload = status.pendingChanges > 0 ? `${status.pendingChanges} change(s) waiting to upload` : status.uploaded ? 'all changes uploaded' : 'not uploaded yet'
  return (
    <footer aria-label="Sync status" data-online={status.online} data-uploaded={status.uploaded}>
      {status.online ? 'online' : 'offline'} · relay {status.relay} · {upload}
      {status.error && <span role="alert"> · {status.error}</span>}
    </footer>
  )
}
