// clientful storage primary and remove on two local folders: any location becomes the primary,
// any goes while another remains, and --delete-files leaves only a forwarding note. (A team
// moving from S3 to Drive to a folder, every device following: framework/test/storage-move.test.ts.)

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStorageUrl } from '../src/open-storage.ts'
import { clientful, ok } from './support/cli.ts'

describe('clientful storage', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clientful-cli-move-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('primary and remove: any location becomes the primary, any goes while another remains', async () => {
    const home = join(dir, 'cli-home')
    const [a, b] = [pathToFileURL(join(dir, 'cli-a')).href, pathToFileURL(join(dir, 'cli-b')).href]
    await ok(['init', '--home', home])
    const ws = (await ok(['workspace', 'create', '--home', home, '--name', 'CLI move', '--storage', a])).last
    await ok(['put', '--home', home, '--workspace', ws, '--doc', 'notes', 'k', '"v"'])
    await ok(['storage', 'primary', '--home', home, '--workspace', ws, b])
    expect((await ok(['status', '--home', home, '--workspace', ws])).stdout).toMatch(new RegExp(`storage ${b}: ok\\nstorage ${a}: ok`))
    const removed = await ok(['storage', 'remove', '--home', home, '--workspace', ws, b])
    expect(removed.stderr).toMatch(`primary storage is now ${a}`)
    const last = await clientful(['storage', 'remove', '--home', home, '--workspace', ws, a])
    expect(last.code).toBe(1)
    expect(last.stderr).toMatch(/add another location first/)
    expect((await clientful(['storage', 'add', '--delete-files', '--home', home, '--workspace', ws, b])).code).toBe(2)
    // B was removed but kept its files: delete them now, leaving only the forwarding note.
    const deleted = await ok(['storage', 'remove', '--delete-files', '--home', home, '--workspace', ws, b])
    expect(deleted.stderr).toMatch(/files were deleted; a forwarding note stays/)
    const left = await (await openStorageUrl(b)).list(`${ws}/`)
    expect(left).toHaveLength(1)
    expect(left[0]).toMatch(`${ws}/moved/`)
    expect(JSON.parse((await ok(['get', '--home', home, '--workspace', ws, '--doc', 'notes'])).stdout)).toEqual({ k: 'v' })
  })
})
