// Attack 9: bad input on the command line. Each case is one readable line on stderr, a
// non-zero exit, and nothing written — not to the storage, not to the home, not to the root.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientful, ok, type CliResult } from './support/cli.ts'

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code).not.toBe(0)
  const lines = result.stderr.trim().split('\n')
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()
}

describe('clientful CLI: bad input is one line, a non-zero exit, nothing written', () => {
  let root: string
  let storage: string
  let ws: string
  const home = (name: string) => join(root, name)

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-input-'))
    storage = join(root, 'storage')
    ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Crew', '--storage', `file://${storage}`])).last
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('invite --expires 99999999999999d', async () => {
    const before = await filesUnder(storage)
    const homeBefore = await filesUnder(home('a'))
    expectOneLineError(await clientful(['invite', '--home', home('a'), '--workspace', ws, '--expires', '99999999999999d']), /^clientful invite: --expires must be at most 36500d/)
    expectOneLineError(await clientful(['invite', '--home', home('a'), '--workspace', ws, '--expires', '0m']), /^clientful invite: --expires must be longer than zero/)
    expect(await filesUnder(storage)).toEqual(before)
    expect(await filesUnder(home('a'))).toEqual(homeBefore)
  })

  it('attach of a missing file', async () => {
    const before = await filesUnder(storage)
    const homeBefore = await filesUnder(home('a'))
    const missing = join(root, 'no-such-file.pdf')
    expectOneLineError(
      await clientful(['attach', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', '--key', 'photo', missing]),
      /^clientful attach: cannot read ".*no-such-file\.pdf": no such file or folder$/,
    )
    expectOneLineError(await clientful(['attach', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', '--key', 'photo', root]), /^clientful attach: cannot read .*: not a file$/)
    expect(await filesUnder(storage)).toEqual(before)
    expect(await filesUnder(home('a'))).toEqual(homeBefore)
  })

  it('workspace create --storage file:// (and other file URLs that are not an absolute folder below the root)', async () => {
    const rootMarker = '/clientful.json'
    const markerExisted = existsSync(rootMarker)
    try {
      for (const url of ['file://', 'file:///', 'file:relative/folder', 'file://host/folder', 'file:///tmp/..', 'file:///tmp/x?y=1']) {
        expectOneLineError(
          await clientful(['workspace', 'create', '--home', home('fresh'), '--name', 'Root', '--storage', url]),
          /^clientful workspace: file:\/\/ storage needs an absolute folder path other than the root/,
        )
      }
      expect(existsSync(rootMarker)).toBe(markerExisted)
      expect(existsSync(home('fresh'))).toBe(false)
    } finally {
      if (!markerExisted) await rm(rootMarker, { force: true })
    }
  })

  it('storage add and mirror refuse the same URLs, and a timer longer than timers allow', async () => {
    const before = await filesUnder(storage)
    expectOneLineError(await clientful(['storage', 'add', '--home', home('a'), '--workspace', ws, 'file://']), /^clientful storage: file:\/\/ storage needs/)
    expectOneLineError(await clientful(['mirror', '--from', `file://${storage}`, '--to', 'file://']), /^clientful mirror: file:\/\/ storage needs/)
    expectOneLineError(await clientful(['mirror', '--from', `file://${storage}`, '--to', `file://${join(root, 'm')}`, '--interval', '30d']), /^clientful mirror: --interval must be at most 24d/)
    expect(await filesUnder(storage)).toEqual(before)
    expect(existsSync(join(root, 'm'))).toBe(false)
  })

  it('recovery restore of a missing file, and fetch into a folder that does not exist', async () => {
    expectOneLineError(await clientful(['recovery', 'restore', '--home', home('restored'), join(root, 'no-kit.txt')]), /^clientful recovery: cannot read ".*no-kit\.txt": no such file or folder$/)
    expect(existsSync(home('restored'))).toBe(false)
    const file = join(root, 'note.txt')
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'hello'))
    await ok(['attach', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', '--key', 'note', file])
    expectOneLineError(
      await clientful(['fetch', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', '--key', 'note', '--out', join(root, 'missing-folder', 'note.txt')]),
      /^clientful fetch: cannot write ".*note\.txt": no such file or folder$/,
    )
  })
})
