// UserStorage on a local folder in Node (a synced Dropbox folder, a USB drive, a NAS mount).
// Files are plain files under the root, so users can inspect and copy them.

import { mkdir, open, unlink } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { StorageError, tooLarge, type ListedFile, type ListOptions, type ReadOptions, type UserStorage } from 'clientful/storage'
import { writeFileAtomic } from 'clientful/node'
import { checkListPrefix, resolveFilePath, TEMP_SUFFIX } from './folder-paths.ts'
import { errorCode, storageErrorFromFs } from './fs-errors.ts'
import { listFolder, listFolderWithTokens } from './list-folder.ts'

const NO_SUCH_FILE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR'])

/** A Buffer may be a view into Node's shared pool; hand out bytes that own their memory. */
function ownBytes(buffer: Buffer): Uint8Array {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
  return whole ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer)
}

export function createLocalFolderStorage(rootDir: string): UserStorage {
  if (typeof rootDir !== 'string' || rootDir === '') throw new TypeError('rootDir must be a non-empty folder path')
  const root = resolve(rootDir)
  const location = pathToFileURL(root).href
  const fail = (error: unknown, action: string): StorageError => storageErrorFromFs(error, location, action)

  // Creates the root on first write, but only one level: if its parent is gone too (an
  // unmounted drive), writing would silently land on another disk.
  const ensureRoot = async (): Promise<void> => {
    try {
      await mkdir(root)
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return
      if (errorCode(error) === 'ENOENT') {
        throw new StorageError('missing-root', location, 'the folder that should hold the root does not exist')
      }
      throw fail(error, 'create root')
    }
  }

  return {
    location,

    async read(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
      const file = resolveFilePath(root, location, path)
      let handle
      try {
        handle = await open(file, 'r')
      } catch (error) {
        if (NO_SUCH_FILE.has(errorCode(error) ?? '')) return undefined
        throw fail(error, `read ${path}`)
      }
      try {
        // The size first: a file over the limit is refused without being read.
        const { size } = await handle.stat()
        if (options.maxBytes !== undefined && size > options.maxBytes) throw tooLarge(location, path, size, options.maxBytes)
        return ownBytes(await handle.readFile())
      } catch (error) {
        if (error instanceof StorageError) throw error
        if (NO_SUCH_FILE.has(errorCode(error) ?? '')) return undefined
        throw fail(error, `read ${path}`)
      } finally {
        await handle.close()
      }
    },

    async write(path: string, data: Uint8Array): Promise<void> {
      const file = resolveFilePath(root, location, path)
      await ensureRoot()
      try {
        await writeFileAtomic(file, data, { tempSuffix: TEMP_SUFFIX })
      } catch (error) {
        throw fail(error, `write ${path}`)
      }
    },

    async delete(path: string): Promise<void> {
      const file = resolveFilePath(root, location, path)
      try {
        await unlink(file)
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return
        throw fail(error, `delete ${path}`)
      }
    },

    async list(prefix: string, options?: ListOptions): Promise<string[]> {
      checkListPrefix(location, prefix)
      try {
        return await listFolder(root, prefix, options)
      } catch (error) {
        throw fail(error, `list ${prefix}`)
      }
    },

    async listWithTokens(prefix: string, options?: ListOptions): Promise<ListedFile[]> {
      checkListPrefix(location, prefix)
      try {
        return await listFolderWithTokens(root, prefix, options)
      } catch (error) {
        throw fail(error, `list ${prefix}`)
      }
    },
  }
}

/** Opens `file:///absolute/folder`; the StorageOpener for local folders. */
export async function openFileUrl(url: string): Promise<UserStorage> {
  let parsed: URL
  try {
    parsed = new URL(url)
    if (parsed.protocol !== 'file:') throw new Error(`expected file:, got ${parsed.protocol}`)
    if (parsed.search !== '' || parsed.hash !== '') throw new Error('a file URL takes no query or fragment')
    return createLocalFolderStorage(fileURLToPath(parsed))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new StorageError('invalid', 'file://', `not a usable file URL: ${reason}`, { cause: error })
  }
}
