// Reading a file whose size storage controls: over the limit, it is a refused file (the caller
// records why), never a failed sync and never bytes held in memory (invariant 13).

import { isStorageError } from './storage-error.ts'
import type { UserStorage } from './user-storage.ts'

export type BoundedRead = { readonly ok: true; readonly bytes: Uint8Array | undefined } | { readonly ok: false; readonly detail: string }

export async function readBounded(storage: UserStorage, path: string, maxBytes: number): Promise<BoundedRead> {
  try {
    return { ok: true, bytes: await storage.read(path, { maxBytes }) }
  } catch (error) {
    if (isStorageError(error) && error.kind === 'too-large') return { ok: false, detail: `over the ${maxBytes}-byte limit for this kind of file` }
    throw error
  }
}
