// Opens one of the device's workspaces and keeps it live (relay and storage) while the
// component is mounted; closing the component stops asking for live sync.

import { useEffect, useState } from 'react'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { LiveSyncOptions } from '../api/options.ts'
import { useClient } from './clientful-provider.tsx'

export type OpenWorkspace =
  | { readonly state: 'none' }
  | { readonly state: 'opening' }
  | { readonly state: 'open'; readonly workspace: WorkspaceApi }
  | { readonly state: 'failed'; readonly error: unknown }

export interface OpenWorkspaceOptions {
  /**
   * Live sync while mounted: relay sockets (in the browser the default `connect` opens a
   * WebSocket) and storage syncs on change and on a timer. `false`: sync only when asked.
   */
  readonly live?: LiveSyncOptions | false
}

const browserWebSocket = (url: string): WebSocket => new WebSocket(url)

/** The workspace `id` (state 'none' when undefined), opened and live. */
export function useOpenWorkspace(id: string | undefined, options: OpenWorkspaceOptions = {}): OpenWorkspace {
  const client = useClient()
  const [opened, setOpened] = useState<OpenWorkspace>({ state: 'none' })
  // Live options are read when the workspace opens; changing them later does not reopen it.
  const [live] = useState(options.live)
  useEffect(() => {
    if (id === undefined) return setOpened({ state: 'none' })
    let current = true
    let stop: (() => Promise<void>) | undefined
    setOpened({ state: 'opening' })
    client.workspace(id).then(
      (workspace) => {
        if (!current) return
        if (live !== false) {
          const connect = live?.connect ?? (typeof WebSocket === 'undefined' ? undefined : browserWebSocket)
          const session = workspace.live({ ...live, ...(connect && { connect }) })
          stop = () => session.stop()
        }
        setOpened({ state: 'open', workspace })
      },
      (error: unknown) => current && setOpened({ state: 'failed', error }),
    )
    return () => {
      current = false
      void stop?.()
    }
  }, [client, id, live])
  return opened
}
