// Folder paths resolved to Drive folder ids by name once, then cached. A path may have several
// copies (duplicates made by devices that could not yet see each other's folder): `find`
// returns them all, oldest first, so readers merge them; `ensure` picks the oldest to write in.

import { StorageError } from 'clientful/storage'
import { parentOf } from './drive-paths.ts'
import { FOLDER_MIME, type DriveFiles } from './drive-files.ts'
import { foldersOldestFirst } from './duplicates.ts'

export interface FolderTree {
  /** Ids of every copy of folder `path` ('' is the root), oldest first; [] when none exists. */
  find(path: string, maxAgeMs?: number): Promise<string[]>
  /** The folder to create `path`'s children in; creates missing folders, once each. */
  ensure(path: string): Promise<string>
  /** Records copies a listing found, so later reads and writes skip the lookup. */
  learn(path: string, ids: readonly string[]): void
  /** Drops every cached id (a folder vanished under us). */
  forget(): void
}

export function createFolderTree(files: DriveFiles, rootId: string, location: string, now = Date.now): FolderTree {
  const known = new Map<string, { readonly ids: readonly string[]; readonly at: number }>()
  const finding = new Map<string, Promise<string[]>>()
  const creating = new Map<string, Promise<string>>()

  async function lookUp(path: string, maxAgeMs: number): Promise<string[]> {
    const { folder: parent, name } = parentOf(path)
    const parentIds = await find(parent, maxAgeMs)
    const action = `find folder ${path}`
    const copies = (await Promise.all(parentIds.map((id) => files.children(id, action, name)))).flat()
    const ids = [...new Set(foldersOldestFirst(copies.filter((c) => c.mimeType === FOLDER_MIME)).map((c) => c.id))]
    // Absence is not cached: another device may create the folder any moment.
    if (ids.length > 0) known.set(path, { ids, at: now() })
    return ids
  }

  function find(path: string, maxAgeMs = Number.POSITIVE_INFINITY): Promise<string[]> {
    if (path === '') return Promise.resolve([rootId])
    const cached = known.get(path)
    if (cached !== undefined && now() - cached.at <= maxAgeMs) return Promise.resolve([...cached.ids])
    let pending = finding.get(path)
    if (pending === undefined) {
      pending = lookUp(path, maxAgeMs).finally(() => finding.delete(path))
      finding.set(path, pending)
    }
    return pending
  }

  async function create(path: string): Promise<string> {
    const [existing] = await find(path)
    if (existing !== undefined) return existing
    const { folder: parent, name } = parentOf(path)
    const parentId = await ensure(parent)
    const made = await files.createFolder(parentId, name, `create folder ${path}`)
    if (made === undefined) {
      known.clear()
      throw new StorageError('transient', location, `create folder ${path} failed: its parent folder vanished (retrying looks it up again)`)
    }
    known.set(path, { ids: [made.id], at: now() })
    return made.id
  }

  function ensure(path: string): Promise<string> {
    if (path === '') return Promise.resolve(rootId)
    const oldest = known.get(path)?.ids[0]
    if (oldest !== undefined) return Promise.resolve(oldest)
    // Concurrent writes into a new folder must create it once, not once each.
    let pending = creating.get(path)
    if (pending === undefined) {
      pending = create(path).finally(() => creating.delete(path))
      creating.set(path, pending)
    }
    return pending
  }

  return {
    find,
    ensure,
    learn: (path, ids) => void (ids.length > 0 && known.set(path, { ids: [...ids], at: now() })),
    forget: () => known.clear(),
  }
}
