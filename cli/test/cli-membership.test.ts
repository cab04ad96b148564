// The membership CLI, end to end through a local folder: several homes are several devices
// of several people.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientful, ok } from './support/cli.ts'

describe('clientful membership commands', () => {
  let root: string
  let storage: string
  const home = (name: string) => join(root, name)
  let ws: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-members-'))
    storage = `file://${join(root, 'storage')}`
    ws = (await ok(['workspace', 'create', '--home', home('admin'), '--name', 'Crew', '--storage', storage])).last
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('invites a reader whose write is refused, promotes them, then removes them', async () => {
    const code = (await ok(['invite', '--home', home('admin'), '--workspace', ws, '--role', 'reader', '--expires', '10m', '--uses', '1'])).last
    await ok(['join', '--home', home('reader'), code])
    const readerId = (await ok(['whoami', '--home', home('reader')])).last
    expect(readerId).toMatch(/^[0-9a-f]{64}$/)
    await ok(['sync', '--home', home('admin')])
    const members = await ok(['members', '--home', home('admin'), '--workspace', ws])
    expect(members.stdout).toContain(`${readerId} reader`)

    // A second join with a single-use code is refused.
    const again = await clientful(['join', '--home', home('late'), code])
    expect(again.code).not.toBe(0)
    expect(again.stderr).toMatch(/used up/)

    await ok(['put', '--home', home('reader'), '--workspace', ws, '--doc', 'tasks', 'r', '"reader edit"'])
    const rejected = await ok(['rejected', '--home', home('reader'), '--workspace', ws])
    expect(rejected.stdout).toMatch(/local-change .* unauthorized — you are a reader/)
    expect(JSON.parse((await ok(['get', '--home', home('reader'), '--workspace', ws, '--doc', 'tasks'])).stdout)).toEqual({})

    await ok(['role', '--home', home('admin'), '--workspace', ws, '--member', readerId, '--role', 'writer'])
    await ok(['sync', '--home', home('reader')])
    await ok(['put', '--home', home('reader'), '--workspace', ws, '--doc', 'tasks', 'w', '"writer edit"'])
    await ok(['sync', '--home', home('reader')])
    await ok(['sync', '--home', home('admin')])
    expect(JSON.parse((await ok(['get', '--home', home('admin'), '--workspace', ws, '--doc', 'tasks'])).stdout)).toEqual({ w: 'writer edit' })

    await ok(['remove', '--home', home('admin'), '--workspace', ws, '--member', readerId])
    const after = await ok(['members', '--home', home('admin'), '--workspace', ws])
    expect(after.stdout).toContain(`${readerId} removed`)
  })

  it('revoked invites admit nobody', async () => {
    const code = (await ok(['invite', '--home', home('admin'), '--workspace', ws])).last
    await ok(['invite', 'revoke', '--home', home('admin'), '--workspace', ws, code])
    const refused = await clientful(['join', '--home', home('nobody'), code])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/revoked/)
  })

  it('links a device, lists and removes it', async () => {
    const link = (await ok(['device', 'link', '--home', home('admin')])).last
    expect(link).toMatch(/^cl1\./)
    const added = (await ok(['device', 'add', '--home', home('phone'), link])).last
    expect((await ok(['whoami', '--home', home('phone')])).last).toBe((await ok(['whoami', '--home', home('admin')])).last)
    const list = await ok(['device', 'list', '--home', home('admin')])
    expect(list.stdout).toContain(added)
    await ok(['device', 'remove', '--home', home('admin'), '--device', added])
    expect((await ok(['device', 'list', '--home', home('admin')])).stdout).not.toContain(added)
  })

  it('a recovery kit restores the identity on a new home', async () => {
    const kit = join(root, 'kit.txt')
    await ok(['recovery', 'create', '--home', home('admin'), '--out', kit])
    const restored = (await ok(['recovery', 'restore', '--home', home('restored'), kit])).last
    expect(restored).toBe((await ok(['whoami', '--home', home('admin')])).last)
    await ok(['sync', '--home', home('restored')])
    expect(JSON.parse((await ok(['get', '--home', home('restored'), '--workspace', ws, '--doc', 'tasks'])).stdout)).toEqual({ w: 'writer edit' })
  })

  it('refuses bad durations and garbage codes with one line', async () => {
    const bad = await clientful(['invite', '--home', home('admin'), '--workspace', ws, '--expires', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    const garbage = await clientful(['device', 'add', '--home', home('x'), 'cl1.zz.zz'])
    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toMatch(/invalid device link code/)
  })
})
