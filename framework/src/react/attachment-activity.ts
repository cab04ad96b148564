// Upload and download progress of the open workspace's attachments on this device, kept per
// workspace (so it survives components coming and going) and read per attachment.

import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { Unsubscribe } from '../util/events.ts'

export interface Transfer {
  /** Plaintext bytes done and in total. */
  readonly done: number
  readonly total: number
}

export interface AttachmentActivity {
  readonly upload?: Transfer
  readonly download?: Transfer
  /** Every storage location holds it (since the app started). */
  readonly uploaded: boolean
  /** Added on this device since the app started, so known to be waiting for its upload. */
  readonly addedHere: boolean
}

export interface ActivityStore {
  get(blob: string): AttachmentActivity | undefined
  subscribe(listener: () => void): Unsubscribe
  markAdded(blob: string): void
  startDownload(blob: string, total: number): void
}

const IDLE: AttachmentActivity = { uploaded: false, addedHere: false }
const stores = new WeakMap<WorkspaceApi, ActivityStore>()

export function activityOf(workspace: WorkspaceApi): ActivityStore {
  let store = stores.get(workspace)
  if (!store) stores.set(workspace, (store = createActivityStore(workspace)))
  return store
}

function createActivityStore(workspace: WorkspaceApi): ActivityStore {
  const entries = new Map<string, AttachmentActivity>()
  const listeners = new Set<() => void>()
  // Entries are replaced, never mutated: a component re-renders only for its own attachment.
  const update = (blob: string, patch: Partial<AttachmentActivity>): void => {
    entries.set(blob, { ...(entries.get(blob) ?? IDLE), ...patch })
    for (const listener of [...listeners]) listener()
  }
  workspace.attachments.on('progress', ({ blob, direction, done, total }) => update(blob, { [direction]: { done, total } }))
  workspace.attachments.on('uploaded', ({ blob }) => update(blob, { uploaded: true }))
  return {
    get: (blob) => entries.get(blob),
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    markAdded: (blob) => update(blob, { addedHere: true }),
    startDownload: (blob, total) => update(blob, { download: { done: 0, total } }),
  }
}
