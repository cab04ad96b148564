// UserStorage on a folder the user picked in the browser (File System Access API:
// showDirectoryPicker), or on the origin private file system (navigator.storage.getDirectory),
// which has the same interface. Files are plain files in nested folders, as in Node.
// No Node imports: compiled with tsconfig.browser.json.

import { StorageError, tooLarge, type ListOptions, type ReadOptions, type UserStorage } from 'clientful/storage'
import { pathProblem, TEMP_SUFFIX } from '../path-rules.ts'
import { domErrorName, storageErrorFromDom } from './dom-errors.ts'

// Chromium writes through "<name>.crswap" beside the file and renames it on close().
const SWAP_SUFFIX = '.crswap'
const NOT_THERE = new Set(['NotFoundError', 'TypeMismatchError'])
const READ_ATTEMPTS = 5
const SNAPSHOT_GONE = new Set(['NotReadableError', 'NotFoundError'])

function split(location: string, path: string): { folders: string[]; name: string } {
  const problem = pathProblem(path, false) ?? (path.endsWith(SWAP_SUFFIX) ? `it ends in ${SWAP_SUFFIX}, the browser's swap files` : undefined)
  if (problem !== undefined) throw new StorageError('invalid', location, `refused path ${JSON.stringify(path)}: ${problem}`)
  const folders = path.split('/')
  const name = folders.pop()!
  return { folders, name }
}

export function createFolderHandleStorage(root: FileSystemDirectoryHandle, location = `folder://${encodeURIComponent(root.name)}`): UserStorage {
  if (root?.kind !== 'directory') throw new TypeError('root must be a FileSystemDirectoryHandle')

  const fail = (error: unknown, action: string): StorageError => storageErrorFromDom(error, location, action)

  /** After a NotFoundError: is it the root that is gone (a folder deleted or unplugged)? */
  async function checkRoot(): Promise<void> {
    try {
      await root.keys().next()
    } catch (error) {
      if (domErrorName(error) === 'NotFoundError') throw new StorageError('missing-root', location, 'the folder no longer exists')
    }
  }

  /** The folder at `names`; undefined when it does not exist and `create` is false. */
  async function folderAt(names: readonly string[], create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    let folder = root
    for (const name of names) {
      try {
        folder = await folder.getDirectoryHandle(name, { create })
      } catch (error) {
        if (NOT_THERE.has(domErrorName(error) ?? '')) await checkRoot()
        if (!create && NOT_THERE.has(domErrorName(error) ?? '')) return undefined
        throw error
      }
    }
    return folder
  }

  async function readFile(folders: string[], name: string, maxBytes: number | undefined, path: string): Promise<Uint8Array | undefined> {
    for (let attempt = 1; ; attempt++) {
      const folder = await folderAt(folders, false)
      if (folder === undefined) return undefined
      let handle: FileSystemFileHandle
      try {
        handle = await folder.getFileHandle(name)
      } catch (error) {
        if (!NOT_THERE.has(domErrorName(error) ?? '')) throw error
        await checkRoot()
        return undefined
      }
      try {
        const file = await handle.getFile()
        if (maxBytes !== undefined && file.size > maxBytes) throw tooLarge(location, path, file.size, maxBytes)
        return new Uint8Array(await file.arrayBuffer())
      } catch (error) {
        // The File is a snapshot: a write committed between getFile() and reading it makes
        // it unreadable (NotReadableError, or NotFoundError once the old content is gone).
        // Looking the file up again gets the new version whole, or finds it deleted.
        if (!SNAPSHOT_GONE.has(domErrorName(error) ?? '') || attempt >= READ_ATTEMPTS) throw error
      }
    }
  }

  async function walk(folder: FileSystemDirectoryHandle, prefix: string, namePrefix: string, found: string[]): Promise<void> {
    const below: Promise<void>[] = []
    try {
      for await (const [name, handle] of folder.entries()) {
        if (!name.startsWith(namePrefix)) continue
        if (handle.kind === 'directory') below.push(walk(handle, `${prefix}${name}/`, '', found))
        else if (!name.endsWith(SWAP_SUFFIX) && !name.endsWith(TEMP_SUFFIX)) found.push(prefix + name)
      }
    } catch (error) {
      // A folder deleted while we walk it simply holds no files (unless it is the root).
      if (domErrorName(error) !== 'NotFoundError') throw error
      await checkRoot()
    }
    await Promise.all(below)
  }

  return {
    location,

    async read(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
      const { folders, name } = split(location, path)
      try {
        return await readFile(folders, name, options.maxBytes, path)
      } catch (error) {
        if (error instanceof StorageError) throw error
        throw fail(error, `read ${path}`)
      }
    },

    async write(path: string, data: Uint8Array): Promise<void> {
      const { folders, name } = split(location, path)
      try {
        const folder = (await folderAt(folders, true))!
        const file = await folder.getFileHandle(name, { create: true })
        // Written to a swap file and swapped in on close(): readers see the old or the new
        // content whole, and a crash or abort() leaves the old file.
        const writable = await file.createWritable()
        try {
          await writable.write(data.slice())
          await writable.close()
        } catch (error) {
          await writable.abort().catch(() => undefined)
          throw error
        }
      } catch (error) {
        if (domErrorName(error) === 'NotFoundError') await checkRoot().catch((rootError: unknown) => Promise.reject(fail(rootError, `write ${path}`)))
        throw fail(error, `write ${path}`)
      }
    },

    async delete(path: string): Promise<void> {
      const { folders, name } = split(location, path)
      try {
        const folder = await folderAt(folders, false)
        if (folder === undefined) return
        await folder.getFileHandle(name) // a folder of that name is not a file to delete
        await folder.removeEntry(name)
      } catch (error) {
        if (domErrorName(error) === 'NotFoundError') {
          await checkRoot().catch((rootError: unknown) => Promise.reject(fail(rootError, `delete ${path}`)))
          return
        }
        throw fail(error, `delete ${path}`)
      }
    },

    async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
      const problem = pathProblem(prefix, true)
      if (problem !== undefined) throw new StorageError('invalid', location, `refused prefix ${JSON.stringify(prefix)}: ${problem}`)
      const cut = prefix.lastIndexOf('/') + 1
      const found: string[] = []
      try {
        const folder = await folderAt(cut === 0 ? [] : prefix.slice(0, cut - 1).split('/'), false)
        if (folder !== undefined) await walk(folder, prefix.slice(0, cut), prefix.slice(cut), found)
      } catch (error) {
        throw fail(error, `list ${prefix}`)
      }
      const { startAfter } = options
      return (startAfter === undefined ? found : found.filter((path) => path > startAfter)).sort()
    },
  }
}
