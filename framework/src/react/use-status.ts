// The open workspace's sync status, live: online, relay, what waits to upload, whether every
// edit is verified in every storage location, last sync, errors, storage health, problems.

import type { WorkspaceStatus } from '../api/workspace-status.ts'
import { useEmitterValue } from './emitter-store.ts'
import { useWorkspace } from './workspace-provider.tsx'

export function useStatus(): WorkspaceStatus {
  const workspace = useWorkspace()
  return useEmitterValue(
    workspace,
    (onChange) => workspace.on('status', onChange),
    () => workspace.status,
  )
}
