// File System Access failures (DOMExceptions, by name) as StorageError kinds.

import { StorageError, isStorageError, type StorageErrorKind } from 'clientful/storage'

const KIND_BY_NAME: Readonly<Record<string, StorageErrorKind>> = {
  NotAllowedError: 'auth', // permission not granted, or revoked (a picked folder after a reload)
  SecurityError: 'auth',
  QuotaExceededError: 'quota',
  NotFoundError: 'missing-root', // only reaches here once the root itself is known to be gone
  TypeMismatchError: 'invalid', // a file where a folder should be, or the reverse
  InvalidModificationError: 'invalid',
  TypeError: 'invalid', // a name the browser refuses
  NoModificationAllowedError: 'transient', // locked by another writer for a moment
  InvalidStateError: 'transient', // the file changed under us
  NotReadableError: 'transient',
  AbortError: 'transient',
}

export function domErrorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : undefined
}

/** `action` names the operation and path, e.g. "write log/a/1.json". */
export function storageErrorFromDom(error: unknown, location: string, action: string): StorageError {
  if (isStorageError(error)) return error
  const name = domErrorName(error) ?? 'Error'
  const kind = KIND_BY_NAME[name] ?? 'transient' // unknown: retried a bounded number of times
  const message = error instanceof Error ? error.message : String(error)
  return new StorageError(kind, location, `${action} failed (${name}): ${message}`, { cause: error })
}
