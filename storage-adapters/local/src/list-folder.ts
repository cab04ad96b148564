// Recursive listing with S3 semantics: `prefix` is a plain string prefix ("a/b" matches
// "a/b.json" and "a/bc/x"), results are sorted by code unit across folder boundaries.

import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ListedFile, ListOptions } from 'clientful/storage'
import { errorCode } from './fs-errors.ts'
import { TEMP_SUFFIX } from './folder-paths.ts'

/** Relative paths of the files below `folder` ('' or ending in '/') whose names start with `namePrefix`. */
async function walk(root: string, folder: string, namePrefix: string, found: string[]): Promise<void> {
  let entries
  try {
    entries = await readdir(join(root, ...folder.split('/')), { withFileTypes: true })
  } catch (error) {
    // A missing folder (or one deleted while we walk it) simply holds no files.
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return
    throw error
  }
  await Promise.all(
    entries.map(async (entry) => {
      if (!entry.name.startsWith(namePrefix)) return
      const path = folder + entry.name
      if (entry.isDirectory()) await walk(root, `${path}/`, '', found)
      // Symlinks are skipped: they could lead outside the root.
      else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) found.push(path)
    }),
  )
}

export async function listFolder(root: string, prefix: string, options: ListOptions = {}): Promise<string[]> {
  const cut = prefix.lastIndexOf('/') + 1
  const found: string[] = []
  await walk(root, prefix.slice(0, cut), prefix.slice(cut), found)
  const { startAfter } = options
  return (startAfter === undefined ? found : found.filter((path) => path > startAfter)).sort()
}

/**
 * The same listing with change tokens: inode, size and modification time in nanoseconds. Every
 * write is a rename of a new temporary file (clientful/node's writeFileAtomic), so consecutive versions of a file
 * never share an inode; the time and size tell apart the rare reuse of an old one.
 */
export async function listFolderWithTokens(root: string, prefix: string, options: ListOptions = {}): Promise<ListedFile[]> {
  const paths = await listFolder(root, prefix, options)
  const stats = await Promise.all(
    paths.map(async (path): Promise<ListedFile | undefined> => {
      try {
        const s = await stat(join(root, ...path.split('/')), { bigint: true })
        return { path, token: `${s.ino}-${s.size}-${s.mtimeNs}` }
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined // deleted while listed
        throw error
      }
    }),
  )
  return stats.filter((file): file is ListedFile => file !== undefined)
}
