// Drive's listings are not read-after-write consistent: a file created a moment ago may be
// missing from files.list, and a deleted one may linger. Every file has one writer, so this
// device knows the truth about its own recent writes; listings are corrected with it for a
// while (the window), after which Drive has long caught up.

import type { DriveFile } from './drive-files.ts'

interface Recent {
  readonly created?: DriveFile
  readonly deletedIds: ReadonlySet<string>
  readonly at: number
}

export interface RecentWrites {
  created(path: string, file: DriveFile): void
  deleted(path: string, ids: Iterable<string>): void
  /** Corrects a listing in place: adds this device's new files, removes its deleted ones. */
  correct(listing: Map<string, DriveFile>, inRange: (path: string) => boolean): void
}

export function createRecentWrites(windowMs: number, now = Date.now): RecentWrites {
  const recent = new Map<string, Recent>()
  const prune = (): void => {
    for (const [path, entry] of recent) if (now() - entry.at > windowMs) recent.delete(path)
  }
  return {
    created(path, file) {
      recent.set(path, { created: file, deletedIds: new Set(), at: now() })
    },
    deleted(path, ids) {
      recent.set(path, { deletedIds: new Set(ids), at: now() })
    },
    correct(listing, inRange) {
      prune()
      for (const [path, entry] of recent) {
        if (!inRange(path)) continue
        const listed = listing.get(path)
        if (listed !== undefined && entry.deletedIds.has(listed.id)) listing.delete(path)
        else if (listed === undefined && entry.created !== undefined) listing.set(path, entry.created)
      }
    },
  }
}
