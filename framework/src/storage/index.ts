// The storage seam as one import for adapters and apps: `clientful/storage`.

export type { ListOptions, StorageOpener, UserStorage } from './user-storage.ts'
export { StorageError, isStorageError, type StorageErrorKind } from './storage-error.ts'
export { DEFAULT_RETRY, retrying, withRetries, type RetryPolicy } from './retrying-storage.ts'
