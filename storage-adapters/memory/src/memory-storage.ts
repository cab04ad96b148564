// UserStorage in memory, for unit tests of sync logic: fast, deterministic, and able to fail
// on demand so tests can drive retries, outages and "storage is behind" paths.

import { tooLarge, type ListOptions, type ReadOptions, type StorageError, type UserStorage } from 'clientful/storage'

export type StorageOperation = 'read' | 'write' | 'delete' | 'list'

export interface MemoryStorageOptions {
  /**
   * Called before every operation with its path (the prefix for list). Returning an error
   * makes the operation throw it without taking effect; undefined lets it run.
   */
  readonly faults?: (operation: StorageOperation, path: string) => StorageError | undefined
}

export function createMemoryStorage(location = 'memory://', options: MemoryStorageOptions = {}): UserStorage {
  const files = new Map<string, Uint8Array>()

  const injectFault = (operation: StorageOperation, path: string): void => {
    const error = options.faults?.(operation, path)
    if (error !== undefined) throw error
  }

  return {
    location,

    async read(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
      injectFault('read', path)
      const data = files.get(path)
      if (data !== undefined && options.maxBytes !== undefined && data.length > options.maxBytes) throw tooLarge(location, path, data.length, options.maxBytes)
      return data === undefined ? undefined : data.slice() // callers may mutate what they get
    },

    async write(path: string, data: Uint8Array): Promise<void> {
      injectFault('write', path)
      files.set(path, data.slice()) // callers may reuse their buffer
    },

    async delete(path: string): Promise<void> {
      injectFault('delete', path)
      files.delete(path)
    },

    async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
      injectFault('list', prefix)
      const { startAfter } = options
      return [...files.keys()]
        .filter((path) => path.startsWith(prefix) && (startAfter === undefined || path > startAfter))
        .sort()
    },
  }
}
