// Storage failures as values the app can show. `kind` says what the user can do about it;
// `retryable` says whether waiting can fix it.

import type { StorageErrorKind } from '../api/storage-error-kind.ts'

export type { StorageErrorKind } from '../api/storage-error-kind.ts'

const RETRYABLE: ReadonlySet<StorageErrorKind> = new Set(['unreachable', 'throttled', 'transient'])

export class StorageError extends Error {
  readonly kind: StorageErrorKind
  readonly location: string
  readonly retryable: boolean
  /** How long the storage asked us to wait before trying again (a Retry-After header). */
  readonly retryAfterMs: number | undefined

  constructor(kind: StorageErrorKind, location: string, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(`${location}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StorageError'
    this.kind = kind
    this.location = location
    this.retryable = RETRYABLE.has(kind)
    this.retryAfterMs = options?.retryAfterMs
  }
}

/** The error every adapter throws for a file over `maxBytes`. */
export function tooLarge(location: string, path: string, size: number, maxBytes: number): StorageError {
  return new StorageError('too-large', location, `read ${path} refused: ${size} bytes, over the ${maxBytes}-byte limit`)
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError
}
