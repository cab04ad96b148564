// Opens one workspace for the board: its "tasks" document, live sync (relay + storage) and
// its status, for as long as the component using it is mounted.

import type * as A from '@automerge/automerge'
import { useEffect, useState } from 'react'
import type { Clientful, DocHandle, LiveSync, Rejection, Unsubscribe, Workspace, WorkspaceStatus } from 'clientful'
import { installDebugHook } from '../debug/debug-hook.ts'
import { TASKS_DOC, type TasksDoc } from '../tasks/task-model.ts'
import { describeError } from './describe-error.ts'

export interface WorkspaceSession {
  readonly workspace: Workspace
  readonly tasks: DocHandle<TasksDoc>
  readonly doc: A.Doc<TasksDoc>
  readonly status: WorkspaceStatus
  readonly rejected: { readonly count: number; readonly last: Rejection | undefined }
}

export type SessionState =
  | { readonly state: 'none' }
  | { readonly state: 'opening' }
  | { readonly state: 'failed'; readonly error: string }
  | ({ readonly state: 'open' } & WorkspaceSession)

const openWebSocket = (url: string): WebSocket => new WebSocket(url)

/** The session of `workspaceId`, or state 'none' when no workspace is chosen. */
export function useWorkspaceSession(client: Clientful, workspaceId: string | undefined): SessionState {
  const [session, setSession] = useState<SessionState>({ state: 'none' })

  useEffect(() => {
    if (workspaceId === undefined) {
      setSession({ state: 'none' })
      return
    }
    let cancelled = false
    let live: LiveSync | undefined
    const off: Unsubscribe[] = []
    setSession({ state: 'opening' })

    const open = async (): Promise<void> => {
      const workspace = await client.workspace(workspaceId)
      const tasks = await workspace.doc<TasksDoc>(TASKS_DOC)
      const rejectedBefore = await workspace.rejected()
      if (cancelled) return
      const update = (patch: Partial<WorkspaceSession>): void =>
        setSession((previous) => (previous.state === 'open' ? { ...previous, ...patch } : previous))
      let rejected = { count: rejectedBefore.length, last: rejectedBefore.at(-1) }
      off.push(
        workspace.on('status', (status) => update({ status })),
        tasks.on('change', ({ doc }) => update({ doc })),
        workspace.on('rejected', (rejection) => {
          rejected = { count: rejected.count + 1, last: rejection }
          update({ rejected })
        }),
        installDebugHook(workspace, tasks),
      )
      setSession({ state: 'open', workspace, tasks, doc: tasks.doc(), status: workspace.status, rejected })
      live = workspace.live({ connect: openWebSocket })
    }
    open().catch((error: unknown) => {
      if (!cancelled) setSession({ state: 'failed', error: describeError(error) })
    })

    return () => {
      cancelled = true
      for (const unsubscribe of off) unsubscribe()
      void live?.stop()
    }
  }, [client, workspaceId])

  return session
}
