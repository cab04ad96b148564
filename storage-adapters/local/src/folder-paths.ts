// Storage paths are '/'-separated and relative to the root. Anything that could name a file
// outside the root, or that means different things on different systems, is refused.

import { join, sep } from 'node:path'
import { StorageError } from 'clientful/storage'

/** Suffix of in-flight atomic writes; list skips them and callers may not write them. */
export const TEMP_SUFFIX = '.clientful-tmp'

// Backslash is a separator on Windows, ':' starts drive letters and NTFS streams, NUL ends C strings.
const FORBIDDEN_CHARACTER = /[\\:\0]/

function pathProblem(path: string, isPrefix: boolean): string | undefined {
  if (typeof path !== 'string') return 'it is not a string'
  if (path === '' && !isPrefix) return 'it is empty'
  if (path.startsWith('/')) return 'it is absolute'
  if (FORBIDDEN_CHARACTER.test(path)) return 'it contains a backslash, colon or NUL'
  const segments = path.split('/')
  for (const [i, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`
    // A prefix may end in '/' (a folder); a file path may not.
    if (segment === '' && !(isPrefix && i === segments.length - 1)) return 'it has an empty segment'
  }
  if (!isPrefix && path.endsWith(TEMP_SUFFIX)) return `it ends in ${TEMP_SUFFIX}, reserved for temporary files`
  return undefined
}

function refuse(location: string, what: string, path: string, problem: string): StorageError {
  return new StorageError('invalid', location, `refused ${what} ${JSON.stringify(path)}: ${problem}`)
}

/** The absolute file name for a storage path, or StorageError 'invalid'. */
export function resolveFilePath(root: string, location: string, path: string): string {
  const problem = pathProblem(path, false)
  if (problem !== undefined) throw refuse(location, 'path', path, problem)
  const full = join(root, ...path.split('/'))
  // Belt and braces: whatever the checks above missed must still land inside the root.
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) throw refuse(location, 'path', path, 'it leaves the root')
  return full
}

export function checkListPrefix(location: string, prefix: string): void {
  const problem = pathProblem(prefix, true)
  if (problem !== undefined) throw refuse(location, 'prefix', prefix, problem)
}
