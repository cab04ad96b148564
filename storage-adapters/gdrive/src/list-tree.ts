// Recursive listing with S3 semantics over Drive's folders: `prefix` is a plain string prefix
// ("a/b" matches "a/b.json" and "a/bc/x"); copies of a folder are merged, copies of a file
// count once (the freshest). Drive has no recursive query, so this costs one request per
// folder visited (per 1,000 children); folders that sort wholly before startAfter are skipped.

import { FOLDER_MIME, type DriveFile, type DriveFiles } from './drive-files.ts'
import { joinPath, type SplitPath } from './drive-paths.ts'
import { filesFreshestFirst, foldersOldestFirst } from './duplicates.ts'
import type { FolderTree } from './folder-tree.ts'

const PARALLEL_LISTINGS = 8
// Google Docs, Sheets, shortcuts …: not files Clientful wrote, and not downloadable as bytes.
const GOOGLE_APPS = 'application/vnd.google-apps.'

function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      return await task()
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

export interface ListTreeInput {
  readonly files: DriveFiles
  readonly tree: FolderTree
  readonly start: SplitPath
  readonly startAfter: string | undefined
  /** How old cached folder ids may be; older ones are looked up again to find new copies. */
  readonly maxAgeMs: number
  readonly action: string
}

/** The winning Drive file of every path under the prefix (unsorted). */
export async function listTree(input: ListTreeInput): Promise<Map<string, DriveFile>> {
  const { files, tree, startAfter, action } = input
  const found = new Map<string, DriveFile>()
  const limit = limiter(PARALLEL_LISTINGS)

  async function walk(folderIds: readonly string[], folder: string, namePrefix: string): Promise<void> {
    const children = (await Promise.all(folderIds.map((id) => limit(() => files.children(id, action))))).flat()
    const fileCopies = new Map<string, DriveFile[]>()
    const folderCopies = new Map<string, DriveFile[]>()
    for (const child of children) {
      // A '/' in a name (made by hand in Drive) could never be addressed by a path.
      if (!child.name.startsWith(namePrefix) || child.name.includes('/') || child.trashed === true) continue
      const group = child.mimeType === FOLDER_MIME ? folderCopies : child.mimeType.startsWith(GOOGLE_APPS) ? undefined : fileCopies
      if (group !== undefined) group.set(child.name, [...(group.get(child.name) ?? []), child])
    }
    for (const [name, copies] of fileCopies) {
      const path = joinPath(folder, name)
      if (startAfter === undefined || path > startAfter) found.set(path, filesFreshestFirst(copies)[0]!)
    }
    await Promise.all(
      [...folderCopies].map(([name, copies]) => {
        const path = joinPath(folder, name)
        // Every path inside sorts between "path/" and "path0" ('/' < '0').
        if (startAfter !== undefined && startAfter >= `${path}0`) return undefined
        const ids = [...new Set(foldersOldestFirst(copies).map((c) => c.id))]
        tree.learn(path, ids)
        return walk(ids, path, '')
      }),
    )
  }

  const startIds = await tree.find(input.start.folder, input.maxAgeMs)
  if (startIds.length > 0) await walk(startIds, input.start.folder, input.start.name)
  return found
}
