// The storage seam as one import for adapters and apps: `clientful/storage`.

export type { ListedFile, ListOptions, ReadOptions, StorageOpener, UserStorage } from './user-storage.ts'
export { listWithTokens } from './list-with-tokens.ts'
export { StorageError, isStorageError, tooLarge, type StorageErrorKind } from './storage-error.ts'
export { DEFAULT_RETRY, retrying, withRetries, type RetryPolicy } from './retrying-storage.ts'
// What a device asks of a storage, call by call (`clientful sync --stats`, benchmarks).
export { countingStorage, emptyTally, requestsIn, type RequestTally } from './request-tally.ts'
