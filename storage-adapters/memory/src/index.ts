export { createMemoryStorage, type MemoryStorageOptions, type StorageOperation } from './memory-storage.ts'
