// UserStorage in memory, for unit tests of sync logic: fast, deterministic, and able to fail
// on demand so tests can drive retries, outages and "storage is behind" paths.

import { tooLarge, type ListedFile, type ListOptions, type ReadOptions, type StorageError, type UserStorage } from 'clientful/storage'

export type StorageOperation = 'read' | 'write' | 'delete' | 'list'

export interface MemoryStorageOptions {
  /** Whether listWithTokens is offered (default true): false acts like a storage without change tokens. */
  readonly tokens?: boolean
  /**
   * Called before every operation with its path (the prefix for list). Returning an error
   * makes the operation throw it without taking effect; undefined lets it run.
   */
  readonly faults?: (operation: StorageOperation, path: string) => StorageError | undefined
}

export function createMemoryStorage(location = 'memory://', options: MemoryStorageOptions = {}): UserStorage {
  const files = new Map<string, { data: Uint8Array; version: number }>()
  /** Bumped on every write: a file's version is its change token. */
  let writes = 0

  const injectFault = (operation: StorageOperation, path: string): void => {
    const error = options.faults?.(operation, path)
    if (error !== undefined) throw error
  }

  const listed = (prefix: string, { startAfter }: ListOptions): string[] =>
    [...files.keys()].filter((path) => path.startsWith(prefix) && (startAfter === undefined || path > startAfter)).sort()

  const storage: UserStorage = {
    location,

    async read(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
      injectFault('read', path)
      const data = files.get(path)?.data
      if (data !== undefined && options.maxBytes !== undefined && data.length > options.maxBytes) throw tooLarge(location, path, data.length, options.maxBytes)
      return data === undefined ? undefined : data.slice() // callers may mutate what they get
    },

    async write(path: string, data: Uint8Array): Promise<void> {
      injectFault('write', path)
      files.set(path, { data: data.slice(), version: ++writes }) // callers may reuse their buffer
    },

    async delete(path: string): Promise<void> {
      injectFault('delete', path)
      files.delete(path)
    },

    async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
      injectFault('list', prefix)
      return listed(prefix, options)
    },
  }
  if (options.tokens === false) return storage
  return {
    ...storage,
    async listWithTokens(prefix: string, listOptions: ListOptions = {}): Promise<ListedFile[]> {
      injectFault('list', prefix)
      return listed(prefix, listOptions).map((path) => ({ path, token: String(files.get(path)!.version) }))
    },
  }
}
