// The workspaces this device is in (created, joined, linked or restored in any tab), live.

import { useEffect, useState } from 'react'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import { useClient } from './clientful-provider.tsx'

/** Undefined until the device's list is read; then every workspace, oldest first. */
export function useWorkspaces(): readonly WorkspaceConfig[] | undefined {
  const client = useClient()
  const [workspaces, setWorkspaces] = useState<readonly WorkspaceConfig[]>()
  useEffect(() => {
    let current = true
    const off = client.on('workspaces', (list) => setWorkspaces(list))
    client.workspaces().then(
      (list) => current && setWorkspaces((seen) => seen ?? list),
      () => current && setWorkspaces((seen) => seen ?? []),
    )
    return () => {
      current = false
      off()
    }
  }, [client])
  return workspaces
}
