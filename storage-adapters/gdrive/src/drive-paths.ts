// Storage paths ("ws/log/dev/1.json") as Drive folder names. Drive accepts any name, but an
// empty segment or a leading '/' has no folder to map to, so those are refused.

import { StorageError } from 'clientful/storage'

export interface SplitPath {
  /** Folder path without a trailing '/', '' for the root. */
  readonly folder: string
  readonly name: string
}

function problem(path: unknown, isPrefix: boolean): string | undefined {
  if (typeof path !== 'string') return 'it is not a string'
  if (path === '') return isPrefix ? undefined : 'it is empty'
  if (path.startsWith('/')) return 'it is absolute'
  const segments = path.split('/')
  for (const [i, segment] of segments.entries()) {
    // A prefix may end in '/' (a folder); a file path may not.
    if (segment === '' && !(isPrefix && i === segments.length - 1)) return 'it has an empty segment'
  }
  return undefined
}

export function splitFilePath(location: string, path: string): SplitPath {
  const reason = problem(path, false)
  if (reason !== undefined) throw new StorageError('invalid', location, `refused path ${JSON.stringify(path)}: ${reason}`)
  const cut = path.lastIndexOf('/')
  return { folder: cut < 0 ? '' : path.slice(0, cut), name: path.slice(cut + 1) }
}

/** A list prefix as the folder to start in and the start of the names to take there. */
export function splitListPrefix(location: string, prefix: string): SplitPath {
  const reason = problem(prefix, true)
  if (reason !== undefined) throw new StorageError('invalid', location, `refused prefix ${JSON.stringify(prefix)}: ${reason}`)
  const cut = prefix.lastIndexOf('/')
  return { folder: cut < 0 ? '' : prefix.slice(0, cut), name: prefix.slice(cut + 1) }
}

export function parentOf(folder: string): SplitPath {
  return splitFilePath('', folder)
}

export const joinPath = (folder: string, name: string): string => (folder === '' ? name : `${folder}/${name}`)
