// Counts what a device asks of its storage (requests and bytes each way), so the report can
// say what a sync costs in volume as well as in time.

import type { UserStorage } from 'clientful'

export interface StorageTally {
  reads: number
  writes: number
  lists: number
  deletes: number
  bytesRead: number
  bytesWritten: number
}

export function emptyTally(): StorageTally {
  return { reads: 0, writes: 0, lists: 0, deletes: 0, bytesRead: 0, bytesWritten: 0 }
}

/** What happened between two snapshots of one tally. */
export function tallySince(now: StorageTally, before: StorageTally): StorageTally {
  return {
    reads: now.reads - before.reads,
    writes: now.writes - before.writes,
    lists: now.lists - before.lists,
    deletes: now.deletes - before.deletes,
    bytesRead: now.bytesRead - before.bytesRead,
    bytesWritten: now.bytesWritten - before.bytesWritten,
  }
}

export function requestsIn(tally: StorageTally): number {
  return tally.reads + tally.writes + tally.lists + tally.deletes
}

export function countingStorage(inner: UserStorage, tally: StorageTally): UserStorage {
  return {
    location: inner.location,
    async read(path, options) {
      tally.reads++
      const bytes = await inner.read(path, options)
      tally.bytesRead += bytes?.length ?? 0
      return bytes
    },
    write(path, data) {
      tally.writes++
      tally.bytesWritten += data.length
      return inner.write(path, data)
    },
    delete(path) {
      tally.deletes++
      return inner.delete(path)
    },
    list(prefix, options) {
      tally.lists++
      return inner.list(prefix, options)
    },
    ...(inner.listWithTokens && {
      listWithTokens(prefix, options) {
        tally.lists++
        return inner.listWithTokens!(prefix, options)
      },
    }),
  }
}
