// Conformance cases for change tokens (listWithTokens, optional): the same paths as list, a
// token that changes whenever a file's content does, and stays put while nobody writes. An
// adapter without listWithTokens passes them trivially: readers then read to compare.

import type { ListedFile, UserStorage } from '../storage/user-storage.ts'
import type { ConformanceCaseBodies } from './storage-conformance-case.ts'
import { check, checkPaths, patternBytes, sortedPaths } from './storage-conformance-checks.ts'

const MAX_TOKEN_LENGTH = 1024

async function tokensOf(storage: UserStorage, prefix: string, startAfter?: string): Promise<Map<string, string | undefined>> {
  const listed: ListedFile[] = await storage.listWithTokens!(prefix, startAfter === undefined ? undefined : { startAfter })
  check(Array.isArray(listed), 'listWithTokens must return an array')
  for (const file of listed) {
    check(typeof file.path === 'string', 'listWithTokens: every entry has a path')
    check(file.token === undefined || (typeof file.token === 'string' && file.token.length > 0 && file.token.length <= MAX_TOKEN_LENGTH), `listWithTokens: the token of ${file.path} must be a short non-empty string or undefined`)
  }
  return new Map(listed.map((file) => [file.path, file.token]))
}

/** Both known and equal means "unchanged"; an unknown token says nothing. */
function checkChanged(before: string | undefined, after: string | undefined, what: string): void {
  if (before !== undefined && after !== undefined) check(before !== after, `${what}: the change token stayed ${JSON.stringify(before)}`)
}

export const tokenCases: ConformanceCaseBodies = {
  'listWithTokens lists exactly what list lists': async (storage, dir) => {
    if (!storage.listWithTokens) return
    const names = ['a.json', 'b/c.json', 'b/d/e.json', 'b-f.json', 'c.json']
    for (const [i, name] of names.entries()) await storage.write(dir + name, patternBytes(10 + i, i + 1))
    for (const [prefix, startAfter] of [[dir, undefined], [`${dir}b/`, undefined], [`${dir}b`, undefined], [dir, `${dir}b/c.json`], [`${dir}none/`, undefined]] as const) {
      const withTokens = [...(await tokensOf(storage, prefix, startAfter)).keys()]
      checkPaths(withTokens, await storage.list(prefix, startAfter === undefined ? {} : { startAfter }), `listWithTokens(${prefix}, ${startAfter ?? '-'}) against list`)
      checkPaths(withTokens, sortedPaths(withTokens), `listWithTokens(${prefix}) order`)
    }
  },

  'a change token changes with the content and only then': async (storage, dir) => {
    if (!storage.listWithTokens) return
    const file = `${dir}marker.json`
    const sibling = `${dir}sibling.json`
    await storage.write(sibling, patternBytes(64, 99))
    await storage.write(file, patternBytes(64, 1))
    const first = await tokensOf(storage, dir)
    const again = await tokensOf(storage, dir)
    check(first.get(file) === again.get(file) && first.get(sibling) === again.get(sibling), 'tokens must stay the same while nobody writes')
    // Same length, other bytes, written right away: what a device rewriting its marker does.
    await storage.write(file, patternBytes(64, 2))
    const second = await tokensOf(storage, dir)
    checkChanged(first.get(file), second.get(file), 'rewritten with other bytes of the same length')
    await storage.write(file, patternBytes(80, 3))
    const third = await tokensOf(storage, dir)
    checkChanged(second.get(file), third.get(file), 'rewritten with a different length')
    checkChanged(first.get(file), third.get(file), 'rewritten twice')
    check(third.get(sibling) === first.get(sibling), 'an untouched file keeps its token')
  },

  'a file deleted and written again gets a new change token': async (storage, dir) => {
    if (!storage.listWithTokens) return
    const file = `${dir}entry.json`
    await storage.write(file, patternBytes(32, 7))
    const before = (await tokensOf(storage, dir)).get(file)
    await storage.delete(file)
    check(!(await tokensOf(storage, dir)).has(file), 'a deleted file is not listed')
    await storage.write(file, patternBytes(32, 8))
    checkChanged(before, (await tokensOf(storage, dir)).get(file), 'deleted, then written with other bytes')
  },
}
