// What is happening to each attachment on this device while the workspace is open: upload and
// download progress (from the framework's progress events) and whether an upload finished.
// One store per open workspace, so progress survives moving between tasks; components read
// one blob's entry with useSyncExternalStore (entries are replaced, never mutated).

import type { Unsubscribe, WorkspaceApi } from 'clientful'

export interface Transfer {
  readonly done: number
  readonly total: number
}

export interface BlobActivity {
  readonly upload?: Transfer
  readonly download?: Transfer
  /** Every storage location holds it (the framework's 'uploaded' event). */
  readonly uploaded: boolean
  /** Added on this device since the workspace opened (so it is known to be waiting to upload). */
  readonly addedHere: boolean
}

export interface AttachmentActivity {
  get(blob: string): BlobActivity | undefined
  subscribe(listener: () => void): Unsubscribe
  markAdded(blob: string): void
  /** A download starts (again) from zero. */
  startDownload(blob: string, total: number): void
  dispose(): void
}

const IDLE: BlobActivity = { uploaded: false, addedHere: false }

export function createAttachmentActivity(workspace: WorkspaceApi): AttachmentActivity {
  const entries = new Map<string, BlobActivity>()
  const listeners = new Set<() => void>()
  const update = (blob: string, patch: Partial<BlobActivity>): void => {
    entries.set(blob, { ...(entries.get(blob) ?? IDLE), ...patch })
    for (const listener of [...listeners]) listener()
  }
  const off = [
    workspace.attachments.on('progress', ({ blob, direction, done, total }) => update(blob, direction === 'upload' ? { upload: { done, total } } : { download: { done, total } })),
    workspace.attachments.on('uploaded', ({ blob }) => update(blob, { uploaded: true })),
  ]
  return {
    get: (blob) => entries.get(blob),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    markAdded: (blob) => update(blob, { addedHere: true }),
    startDownload: (blob, total) => update(blob, { download: { done: 0, total } }),
    dispose() {
      for (const unsubscribe of off) unsubscribe()
      listeners.clear()
    },
  }
}
