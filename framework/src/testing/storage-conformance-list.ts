// Conformance cases for listing: exact prefix matches, code-unit order, paging past the
// 1,000 keys S3 returns per page, and startAfter for delta listing.

import { mapConcurrent } from '../util/async.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import type { ConformanceCaseBodies } from './storage-conformance-case.ts'
import { checkPaths, sortedPaths } from './storage-conformance-checks.ts'

const MANY_FILES = 1203
const WRITE_CONCURRENCY = 16

async function writeAll(storage: UserStorage, paths: readonly string[]): Promise<void> {
  await mapConcurrent(paths, WRITE_CONCURRENCY, (path, i) => storage.write(path, new Uint8Array([i & 0xff])))
}

export const listCases: ConformanceCaseBodies = {
  'list returns exactly the files under a folder prefix, in code-unit order': async (storage, dir) => {
    const inside = ['a/b/c.json', 'a/b/d/e/f.json', 'a/b/0.json', 'a/b/_.json', 'a/b/-.json', 'a/b/x-1.json']
    // Siblings sharing a string prefix with "a/b/" but outside that folder.
    const outside = ['a/bc/g.json', 'a/b.json', 'a/b-c.json', 'a/a.json', 'a/c/b/h.json', 'b/a/b/i.json']
    await writeAll(storage, [...inside, ...outside].map((name) => dir + name))
    const expected = sortedPaths(inside.map((name) => dir + name))
    checkPaths(await storage.list(`${dir}a/b/`), expected, 'list of a folder prefix')
    checkPaths(await storage.list(`${dir}a/b/d/`), [`${dir}a/b/d/e/f.json`], 'list of a nested folder')
    checkPaths(await storage.list(`${dir}a/none/`), [], 'list of a missing folder')
  },

  'list orders by code unit across folder boundaries': async (storage, dir) => {
    // '-' < '.' < '/' < '0' < '_' < 'a': a walk that visits folder "x/" before its sibling
    // "x-1.json", or sorts per folder, gets this wrong.
    const names = ['x_1.json', 'x/1.json', 'x0.json', 'x.json', 'x-1.json', 'x/0/1.json', 'xa.json']
    await writeAll(storage, names.map((name) => dir + name))
    checkPaths(await storage.list(dir), sortedPaths(names.map((name) => dir + name)), 'list across folders')
  },

  'list treats the prefix as a plain string prefix, as S3 does': async (storage, dir) => {
    const names = ['ab.json', 'ab/c.json', 'abc/d.json', 'a.json', 'b.json']
    await writeAll(storage, names.map((name) => dir + name))
    const under = (prefix: string): string[] => sortedPaths(names.map((n) => dir + n).filter((p) => p.startsWith(prefix)))
    for (const prefix of [`${dir}ab`, `${dir}a`, `${dir}ab.`, `${dir}ab.json`, `${dir}z`]) {
      checkPaths(await storage.list(prefix), under(prefix), `list of string prefix ${prefix}`)
    }
  },

  'list past 1,000 entries is complete and ordered': async (storage, dir) => {
    const expected = Array.from({ length: MANY_FILES }, (_, i) => `${dir}${i.toString(16).padStart(4, '0')}.json`)
    await writeAll(storage, [...expected].reverse())
    checkPaths(await storage.list(dir), expected, `list of ${MANY_FILES} files`)
    // startAfter past the first page still reaches the end.
    checkPaths(await storage.list(dir, { startAfter: expected[1099]! }), expected.slice(1100), 'startAfter in page two')
  },

  'list with startAfter returns only later paths': async (storage, dir) => {
    const names = ['a.json', 'b.json', 'c/1.json', 'c/2.json', 'd.json']
    const paths = names.map((name) => dir + name)
    await writeAll(storage, paths)
    const after = async (startAfter: string): Promise<string[]> => storage.list(dir, { startAfter })
    checkPaths(await after(`${dir}b.json`), paths.slice(2), 'startAfter an existing file')
    checkPaths(await after(`${dir}bb`), paths.slice(2), 'startAfter a path that does not exist')
    checkPaths(await after(`${dir}c`), paths.slice(2), 'startAfter a folder name (its files sort after it)')
    checkPaths(await after(`${dir}c/1.json`), paths.slice(3), 'startAfter a file inside a folder')
    checkPaths(await after(dir), paths, 'startAfter the prefix itself')
    checkPaths(await after(''), paths, 'startAfter the empty string')
    checkPaths(await after(`${dir}d.json`), [], 'startAfter the last file')
    checkPaths(await after(`${dir}zzz`), [], 'startAfter beyond every file')
  },
}
