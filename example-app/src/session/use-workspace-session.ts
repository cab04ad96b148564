// Opens one workspace for the board: its "tasks" document, live sync (relay + storage), its
// status, membership and refusals, for as long as the component using it is mounted.

import type * as A from '@automerge/automerge'
import { useEffect, useState } from 'react'
import type { ClientApi, DocHandle, LiveSession, Rejection, Role, Unsubscribe, WorkspaceApi, WorkspaceStatus } from 'clientful'
import { installDebugHook } from '../debug/debug-hook.ts'
import { createAttachmentActivity, type AttachmentActivity } from './attachment-activity.ts'
import type { TasksDoc } from '../tasks/task-model.ts'
import { describeError } from './describe-error.ts'
import { openTasksDoc } from './open-tasks.ts'

export interface WorkspaceSession {
  readonly workspace: WorkspaceApi
  readonly tasks: DocHandle<TasksDoc>
  readonly doc: A.Doc<TasksDoc>
  readonly status: WorkspaceStatus
  /** This device's role; undefined once it is no longer a member. */
  readonly role: Role | undefined
  /** Bumped on every membership change: read `workspace.membership` keyed on it. */
  readonly membershipVersion: number
  /** Everything this device refused in the workspace, oldest first. */
  readonly rejections: readonly Rejection[]
  /** The latest refusal that happened while the workspace was open (for the banner). */
  readonly freshRefusal: Rejection | undefined
  /** Upload and download progress of attachments on this device. */
  readonly attachments: AttachmentActivity
  /** Pushes and pulls through storage now; false when it failed (the status says why). */
  readonly syncNow: () => Promise<boolean>
}

export type SessionState =
  | { readonly state: 'none' }
  | { readonly state: 'opening' }
  | { readonly state: 'failed'; readonly error: string }
  | ({ readonly state: 'open' } & WorkspaceSession)

const openWebSocket = (url: string): WebSocket => new WebSocket(url)

/** The session of `workspaceId`, or state 'none' when no workspace is chosen. */
export function useWorkspaceSession(client: ClientApi, workspaceId: string | undefined): SessionState {
  const [session, setSession] = useState<SessionState>({ state: 'none' })

  useEffect(() => {
    if (workspaceId === undefined) {
      setSession({ state: 'none' })
      return
    }
    let cancelled = false
    let live: LiveSession | undefined
    let attachments: AttachmentActivity | undefined
    const off: Unsubscribe[] = []
    setSession({ state: 'opening' })

    const open = async (): Promise<void> => {
      const workspace = await client.workspace(workspaceId)
      const tasks = await openTasksDoc(workspace)
      const rejectedBefore = await workspace.rejected()
      if (cancelled) return
      attachments = createAttachmentActivity(workspace)
      const update = (patch: (previous: WorkspaceSession) => Partial<WorkspaceSession>): void =>
        setSession((previous) => (previous.state === 'open' ? { ...previous, ...patch(previous) } : previous))
      const syncNow = (): Promise<boolean> => workspace.sync().then(
        () => true,
        () => false, // the workspace status carries the error line
      )
      off.push(
        workspace.on('status', (status) => update(() => ({ status }))),
        tasks.on('change', ({ doc }) => update(() => ({ doc }))),
        workspace.on('membership', () => update((s) => ({ role: workspace.role, membershipVersion: s.membershipVersion + 1 }))),
        workspace.on('rejected', (rejection) => update((s) => ({ rejections: [...s.rejections, rejection], freshRefusal: rejection }))),
        installDebugHook(workspace, tasks),
      )
      setSession({
        state: 'open',
        workspace,
        tasks,
        doc: tasks.doc(),
        status: workspace.status,
        role: workspace.role,
        membershipVersion: 0,
        rejections: rejectedBefore,
        freshRefusal: undefined,
        attachments,
        syncNow,
      })
      live = workspace.live({ connect: openWebSocket })
    }
    open().catch((error: unknown) => {
      if (!cancelled) setSession({ state: 'failed', error: describeError(error) })
    })

    return () => {
      cancelled = true
      for (const unsubscribe of off) unsubscribe()
      attachments?.dispose()
      void live?.stop()
    }
  }, [client, workspaceId])

  return session
}
