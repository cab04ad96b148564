// Node fs error codes as StorageError kinds, so a full disk or a read-only folder reaches the
// app as something it can explain, and only what waiting can fix is retried.

import { StorageError, isStorageError, type StorageErrorKind } from 'clientful/storage'

const KIND_BY_CODE: Readonly<Record<string, StorageErrorKind>> = {
  ENOSPC: 'quota',
  EDQUOT: 'quota',
  EFBIG: 'quota',
  EACCES: 'auth',
  EPERM: 'auth',
  EROFS: 'auth',
  ENOENT: 'missing-root', // only reaches here from writes: the root vanished under us
  ENOTDIR: 'invalid', // a path component is a file
  EISDIR: 'invalid',
  EEXIST: 'invalid', // mkdir of a folder where a file of that name exists
  ENAMETOOLONG: 'invalid',
  ELOOP: 'invalid',
  EINVAL: 'invalid',
  ENODEV: 'unreachable', // unplugged drive, dropped network share
  ENXIO: 'unreachable',
  ENOTCONN: 'unreachable',
  ESTALE: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EBUSY: 'transient',
  EAGAIN: 'transient',
  EMFILE: 'transient',
  ENFILE: 'transient',
  EINTR: 'transient',
  EIO: 'transient',
  ETIMEDOUT: 'transient',
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** `action` names the operation and path, e.g. "write log/a/1.json". */
export function storageErrorFromFs(error: unknown, location: string, action: string): StorageError {
  if (isStorageError(error)) return error
  const code = errorCode(error)
  // Unknown codes are retried a bounded number of times rather than failing at once.
  const kind = (code !== undefined ? KIND_BY_CODE[code] : undefined) ?? 'transient'
  const detail = code ?? (error instanceof Error ? error.message : String(error))
  return new StorageError(kind, location, `${action} failed: ${detail}`, { cause: error })
}
