// Counts what a device asks of a storage, call by call (an adapter may send more than one HTTP
// request for a call: pages of a long listing, Drive's folder lookups). `clientful sync --stats`
// and the benchmarks report these counts.

import type { ListOptions, ReadOptions, UserStorage } from './user-storage.ts'

export interface RequestTally {
  lists: number
  reads: number
  writes: number
  deletes: number
}

export const emptyTally = (): RequestTally => ({ lists: 0, reads: 0, writes: 0, deletes: 0 })

export const requestsIn = (tally: RequestTally): number => tally.lists + tally.reads + tally.writes + tally.deletes

export function countingStorage(storage: UserStorage, tally: RequestTally): UserStorage {
  return {
    location: storage.location,
    read: (path: string, options?: ReadOptions) => (tally.reads++, storage.read(path, options)),
    write: (path: string, data: Uint8Array) => (tally.writes++, storage.write(path, data)),
    delete: (path: string) => (tally.deletes++, storage.delete(path)),
    list: (prefix: string, options?: ListOptions) => (tally.lists++, storage.list(prefix, options)),
    ...(storage.listWithTokens && {
      listWithTokens: (prefix: string, options?: ListOptions) => (tally.lists++, storage.listWithTokens!(prefix, options)),
    }),
  }
}
