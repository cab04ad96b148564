// Which storage paths a local folder accepts, in Node and in the browser alike (no Node
// imports): anything that could name a file outside the root, or that means different
// things on different systems, is refused, so a folder written by one runs on the other.

/** Suffix of in-flight atomic writes; list skips them and callers may not write them. */
export const TEMP_SUFFIX = '.clientful-tmp'

// Backslash is a separator on Windows, ':' starts drive letters and NTFS streams, NUL ends C strings.
const FORBIDDEN_CHARACTER = /[\\:\0]/

/** Why `path` is refused, or undefined. A prefix may be '' or end in '/'; a file path may not. */
export function pathProblem(path: string, isPrefix: boolean): string | undefined {
  if (typeof path !== 'string') return 'it is not a string'
  if (path === '' && !isPrefix) return 'it is empty'
  if (path.startsWith('/')) return 'it is absolute'
  if (FORBIDDEN_CHARACTER.test(path)) return 'it contains a backslash, colon or NUL'
  const segments = path.split('/')
  for (const [i, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`
    if (segment === '' && !(isPrefix && i === segments.length - 1)) return 'it has an empty segment'
  }
  if (!isPrefix && path.endsWith(TEMP_SUFFIX)) return `it ends in ${TEMP_SUFFIX}, reserved for temporary files`
  return undefined
}
