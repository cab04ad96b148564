// Recursive listing with S3 semantics: `prefix` is a plain string prefix ("a/b" matches
// "a/b.json" and "a/bc/x"), results are sorted by code unit across folder boundaries.

import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ListOptions } from 'clientful/storage'
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
