// The clientful.json file at the root of user storage: it marks the folder as Clientful's and
// states the format version, so a newer format is refused before anything is half-read.

import { ClientfulError } from '../util/errors.ts'
import { utf8Encode } from '../util/bytes.ts'
import { checkHeader, parseJsonObject } from '../format/parse.ts'
import { ROOT_MARKER_PATH, rootMarker } from '../format/version.ts'
import type { UserStorage } from './user-storage.ts'

/** Throws a ClientfulError naming the location when the root is not usable by this client. */
export async function checkRootMarker(storage: UserStorage, options: { createIfMissing: boolean }): Promise<void> {
  const bytes = await storage.read(ROOT_MARKER_PATH)
  if (!bytes) {
    if (!options.createIfMissing) {
      throw new ClientfulError('not-a-workspace', `${storage.location} is not a Clientful storage folder (no ${ROOT_MARKER_PATH})`)
    }
    await storage.write(ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker())))
    return
  }
  const parsed = parseJsonObject(bytes, 4096)
  const problem = parsed.ok ? checkHeader(parsed.value, 'clientful') : parsed
  if (!problem) return
  if (problem.reason === 'unsupported-version') {
    throw new ClientfulError('unsupported-format', `${storage.location}: ${problem.detail}`)
  }
  throw new ClientfulError('not-a-workspace', `${storage.location}: ${ROOT_MARKER_PATH} is not a Clientful marker (${problem.detail})`)
}
