// "Sync now" for the open workspace: push and pull through storage at once. Resolves to false
// when it failed; the workspace status carries the error line.

import { useWorkspace } from 'clientful/react'
import { useCallback } from 'react'

export function useSyncNow(): () => Promise<boolean> {
  const workspace = useWorkspace()
  return useCallback(
    () =>
      workspace.sync().then(
        () => true,
        () => false,
      ),
    [workspace],
  )
}
