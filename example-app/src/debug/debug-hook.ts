// window.__clientfulDebug: a read-only window into the open workspace for tests and for
// support ("paste what this prints"). It is present in every build on purpose and exposes no
// secrets: ids, the sync status and the tasks document the user already sees on screen —
// never keys, credentials or invite codes.

import * as A from '@automerge/automerge'
import type { DocHandle, WorkspaceApi, WorkspaceStatus } from 'clientful'
import type { TasksDoc } from '../tasks/task-model.ts'

export interface ClientfulDebugHook {
  readonly deviceId: string
  readonly workspaceId: string
  /** The tasks document as plain JSON (A.toJS). */
  tasks(): TasksDoc
  /** The tasks document's Automerge heads, sorted: equal heads mean converged replicas. */
  heads(): string[]
  status(): WorkspaceStatus
  /** How many times this tab's edits to the tasks document reached the device's disk. */
  saves(): number
  /** When that last happened (performance.timeOrigin + performance.now(), ms), for latency measurements. */
  lastSavedAt(): number | undefined
}

declare global {
  interface Window {
    __clientfulDebug?: ClientfulDebugHook
  }
}

export function installDebugHook(workspace: WorkspaceApi, tasks: DocHandle<TasksDoc>): () => void {
  let saves = 0
  let lastSavedAt: number | undefined
  const off = workspace.on('saved', ({ docId }) => {
    if (docId !== tasks.id) return
    saves++
    lastSavedAt = performance.timeOrigin + performance.now()
  })
  const hook: ClientfulDebugHook = {
    deviceId: workspace.deviceId,
    workspaceId: workspace.id,
    tasks: () => A.toJS(tasks.doc()),
    heads: () => [...A.getHeads(tasks.doc())].sort(),
    status: () => workspace.status,
    saves: () => saves,
    lastSavedAt: () => lastSavedAt,
  }
  window.__clientfulDebug = hook
  return () => {
    off()
    if (window.__clientfulDebug === hook) delete window.__clientfulDebug
  }
}
