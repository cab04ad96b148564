// UserStorage on a Google Drive folder the user chose, over the Drive REST API v3 with fetch:
// the same code in the browser (token from Google Identity Services) and in Node (CLI).
// Paths map to nested folders under the root; ids are resolved by name once and cached, and
// files are then read and written by id. See README.md for duplicates, pacing and binary data.

import { StorageError, tooLarge, type ListedFile, type ListOptions, type ReadOptions, type UserStorage } from 'clientful/storage'
import { createDriveFiles, driveToken, FOLDER_MIME, type DriveFile } from './drive-files.ts'
import { splitFilePath, splitListPrefix } from './drive-paths.ts'
import { DEFAULT_BACKOFF, type BackoffPolicy } from './drive-request.ts'
import { filesFreshestFirst } from './duplicates.ts'
import { createFolderTree } from './folder-tree.ts'
import { grantFolderAccess, type DriveShareRole, type GrantAccessOptions } from './grant-access.ts'
import { listTree } from './list-tree.ts'
import { createPathQueue } from './path-queue.ts'
import { decodePayload, encodePayload, type StoredPayload } from './payload-encoding.ts'
import { createRecentWrites } from './recent-writes.ts'
import { createWritePacer, UNPACED, type WritePacing } from './write-pacer.ts'

export interface GdriveStorageOptions {
  /** Id of the Drive folder the user chose (e.g. with the Google Picker). Not appDataFolder: it cannot be shared. */
  readonly rootFolderId: string
  /** A current OAuth access token. Called before every request, so it may refresh; called again after a 401. */
  readonly getToken: () => Promise<string>
  /** Default https://www.googleapis.com; a test server's origin in tests. */
  readonly apiUrl?: string
  /** Token-bucket pacing of writes (default 2.5/s, burst 5); false turns it off. */
  readonly pacing?: WritePacing | false
  /**
   * Retries inside the adapter of throttled (429, 403 rate limits) and 5xx answers. Default one
   * try: under Clientful, withRetries retries above the adapter; raise `attempts` when using it alone.
   */
  readonly backoff?: Partial<BackoffPolicy>
  /** Per request. Default 120 s. */
  readonly timeoutMs?: number
  /** How long a listing trusts cached folder ids before looking for copies made elsewhere. Default 60 s. */
  readonly folderCacheMs?: number
  /** How long this device's own creates and deletes correct Drive's lagging listings. Default 60 s. */
  readonly consistencyWindowMs?: number
  readonly fetch?: typeof fetch
}

export interface GdriveStorage extends UserStorage {
  readonly rootFolderId: string
  /** Shares the root folder with a Google account (permissions.create); resolves to the permission id. */
  grantAccess(email: string, role: DriveShareRole, options?: GrantAccessOptions): Promise<string>
}

const FOLDER_ID = /^[A-Za-z0-9_-]+$/
const GOOGLE_APPS = 'application/vnd.google-apps.'

const textMimeType = (path: string): string => (path.endsWith('.json') ? 'application/json' : 'text/plain')

export function createGdriveStorage(options: GdriveStorageOptions): GdriveStorage {
  const { rootFolderId, getToken } = options
  if (typeof rootFolderId !== 'string' || !FOLDER_ID.test(rootFolderId)) throw new TypeError('rootFolderId must be a Drive folder id (letters, digits, - and _)')
  if (typeof getToken !== 'function') throw new TypeError('getToken must be a function returning an access token')
  const location = `gdrive://${rootFolderId}`
  const files = createDriveFiles({
    apiUrl: (options.apiUrl ?? 'https://www.googleapis.com').replace(/\/+$/, ''),
    location,
    getToken,
    pacer: options.pacing === false ? UNPACED : createWritePacer(options.pacing),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    timeoutMs: options.timeoutMs ?? 120_000,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  })
  const tree = createFolderTree(files, rootFolderId, location)
  const fileIds = new Map<string, string>() // path → the id of its winning copy
  const recent = createRecentWrites(options.consistencyWindowMs ?? 60_000)
  const queue = createPathQueue()

  let rootCheck: Promise<void> | undefined
  const ensureRoot = (): Promise<void> => {
    rootCheck ??= checkRoot().catch((error: unknown) => {
      rootCheck = undefined // not remembered: the next call asks again
      throw error
    })
    return rootCheck
  }
  async function checkRoot(): Promise<void> {
    const root = await files.get(rootFolderId, 'open the root folder')
    if (root === undefined || root.trashed === true) {
      const why = root === undefined ? 'does not exist, or this app was not given access to it' : 'is in the trash'
      throw new StorageError('missing-root', location, `the Drive folder ${why}`)
    }
    if (root.mimeType !== FOLDER_MIME) throw new StorageError('invalid', location, 'the root is a file, not a Drive folder')
  }
  /** After a folder vanished: the root too? Then say so instead of 'transient'. */
  async function recheckRoot(error: unknown): Promise<never> {
    tree.forget()
    fileIds.clear()
    rootCheck = undefined
    await ensureRoot()
    throw error
  }

  /** Every copy of the file at `path`, winner first. */
  async function copiesOf(folder: string, name: string, action: string): Promise<DriveFile[]> {
    const folderIds = await tree.find(folder)
    const children = (await Promise.all(folderIds.map((id) => files.children(id, action, name)))).flat()
    return filesFreshestFirst(children.filter((c) => c.mimeType !== FOLDER_MIME && !c.mimeType.startsWith(GOOGLE_APPS)))
  }

  function checkStored(stored: DriveFile, payload: StoredPayload, action: string): void {
    // Drive reports what it stored: a different size means the bytes did not arrive intact.
    if (stored.size !== undefined && Number(stored.size) !== payload.bytes.length) {
      throw new StorageError('invalid', location, `${action} failed: Drive stored ${stored.size} bytes of the ${payload.bytes.length} sent`)
    }
  }

  async function upload(path: string, data: Uint8Array): Promise<void> {
    const { folder, name } = splitFilePath(location, path)
    const action = `write ${path}`
    await ensureRoot()
    const payload = encodePayload(data, textMimeType(path))
    let id = fileIds.get(path)
    if (id === undefined) {
      const [winner, ...losers] = await copiesOf(folder, name, action)
      // One writer per file: extra copies are this device's own leftovers, safe to remove.
      for (const loser of losers) await files.delete(loser.id, `remove a duplicate of ${path}`)
      id = winner?.id
    }
    let stored = id === undefined ? undefined : await files.update(id, payload, action)
    if (stored === undefined) {
      fileIds.delete(path) // absent, or deleted since it was cached: create it
      const parentId = await tree.ensure(folder)
      stored = await files.createFile(parentId, name, payload, action)
      if (stored === undefined) {
        await recheckRoot(new StorageError('transient', location, `${action} failed: its folder vanished (retrying looks it up again)`))
      }
      recent.created(path, stored!)
    }
    fileIds.set(path, stored!.id)
    checkStored(stored!, payload, action)
  }

  async function remove(path: string): Promise<void> {
    const { folder, name } = splitFilePath(location, path)
    const action = `delete ${path}`
    await ensureRoot()
    const ids = new Set((await copiesOf(folder, name, action)).map((c) => c.id))
    const cached = fileIds.get(path)
    if (cached !== undefined) ids.add(cached)
    for (const id of ids) await files.delete(id, action)
    fileIds.delete(path)
    recent.deleted(path, ids)
  }

  async function download(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
    const { folder, name } = splitFilePath(location, path)
    const action = `read ${path}`
    // Binary payloads are stored base64-wrapped (a third larger): bound the stored size accordingly.
    const stored = options.maxBytes === undefined ? undefined : Math.ceil((options.maxBytes * 4) / 3) + 1024
    const decoded = (bytes: Uint8Array): Uint8Array => {
      const payload = decodePayload(bytes)
      if (options.maxBytes !== undefined && payload.length > options.maxBytes) throw tooLarge(location, path, payload.length, options.maxBytes)
      return payload
    }
    await ensureRoot()
    const cached = fileIds.get(path)
    if (cached !== undefined) {
      const bytes = await files.download(cached, action, stored)
      if (bytes !== undefined) return decoded(bytes)
      fileIds.delete(path) // deleted (or a duplicate cleaned up) since: look it up again
    }
    const [winner] = await copiesOf(folder, name, action)
    if (winner === undefined) return undefined
    fileIds.set(path, winner.id)
    const bytes = await files.download(winner.id, action, stored)
    return bytes === undefined ? undefined : decoded(bytes)
  }

  async function listed(prefix: string, listOptions: ListOptions): Promise<{ path: string; file: DriveFile }[]> {
    const start = splitListPrefix(location, prefix)
    const { startAfter } = listOptions
    await ensureRoot()
    const action = `list ${prefix}`
    const found = await listTree({ files, tree, start, startAfter, maxAgeMs: options.folderCacheMs ?? 60_000, action })
    recent.correct(found, (path) => path.startsWith(prefix) && (startAfter === undefined || path > startAfter))
    for (const [path, file] of found) fileIds.set(path, file.id)
    return [...found].map(([path, file]) => ({ path, file })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  return {
    location,
    rootFolderId,

    read: download,

    write(path: string, data: Uint8Array): Promise<void> {
      splitFilePath(location, path) // refuse bad paths before queueing
      const copy = data.slice() // the caller may reuse its buffer once this resolves
      return queue.run(path, () => upload(path, copy))
    },

    delete(path: string): Promise<void> {
      splitFilePath(location, path)
      return queue.run(path, () => remove(path))
    },

    async list(prefix: string, listOptions: ListOptions = {}): Promise<string[]> {
      return (await listed(prefix, listOptions)).map((file) => file.path)
    },

    async listWithTokens(prefix: string, listOptions: ListOptions = {}): Promise<ListedFile[]> {
      return (await listed(prefix, listOptions)).map(({ path, file }) => ({ path, token: driveToken(file) }))
    },

    async grantAccess(email: string, role: DriveShareRole, grantOptions: GrantAccessOptions = {}): Promise<string> {
      await ensureRoot()
      return grantFolderAccess(files, { location, folderId: rootFolderId, email, role, options: grantOptions, onMissing: recheckRoot })
    },
  }
}
