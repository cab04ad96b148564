// Waiting, by events, until an automerge-repo Repo holds given documents at given heads.
// Repo 2.5 declares a 'document' event but never emits it, so handles that incoming sync
// creates are discovered from the network's 'message' events instead.

import * as A from '@automerge/automerge'
import type { DocHandle, DocumentId, Repo } from '@automerge/automerge-repo'

/** Document id → its heads joined with ','. */
export type HeadsByDoc = Record<string, string>

export function headsOf(doc: A.Doc<unknown>): string {
  return A.getHeads(doc).join(',')
}

export function whenRepoHolds(repo: Repo, expected: HeadsByDoc, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const pending = new Set(Object.keys(expected))
    const watched = new Set<string>()
    const deadline = setTimeout(() => reject(new Error(`repo still lacks ${pending.size} documents after ${timeoutMs} ms`)), timeoutMs)
    const check = (handle: DocHandle<unknown>): void => {
      if (!pending.has(handle.documentId) || !handle.isReady()) return
      if (headsOf(handle.doc()) !== expected[handle.documentId]) return
      pending.delete(handle.documentId)
      if (pending.size === 0) finish()
    }
    const watch = (handle: DocHandle<unknown>): void => {
      if (watched.has(handle.documentId)) return
      watched.add(handle.documentId)
      handle.on('heads-changed', () => check(handle))
      handle.whenReady().then(() => check(handle), () => {})
      check(handle)
    }
    // The repo creates the handle while handling the message: look once that has run.
    const onMessage = (): void => void setImmediate(discover)
    const discover = (): void => {
      for (const id of pending) {
        const handle = repo.handles[id as DocumentId]
        if (handle) watch(handle)
      }
    }
    const finish = (): void => {
      clearTimeout(deadline)
      repo.networkSubsystem.off('message', onMessage)
      resolve()
    }
    repo.networkSubsystem.on('message', onMessage)
    discover()
    if (pending.size === 0) finish()
  })
}
