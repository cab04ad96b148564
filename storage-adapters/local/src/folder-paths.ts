// Storage paths are '/'-separated and relative to the root. Anything that could name a file
// outside the root, or that means different things on different systems, is refused.

import { join, sep } from 'node:path'
import { StorageError } from 'clientful/storage'
import { pathProblem } from './path-rules.ts'

export { TEMP_SUFFIX } from './path-rules.ts'

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
