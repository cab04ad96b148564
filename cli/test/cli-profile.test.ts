// clientful profile sets a member's display name; clientful members shows it on every device.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientful, ok } from './support/cli.ts'

describe('clientful profile', () => {
  let root: string
  const home = (name: string) => join(root, name)

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-profile-'))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('names a member, and members lists the name on another device', async () => {
    const storage = `file://${join(root, 'storage')}`
    const ws = (await ok(['workspace', 'create', '--home', home('ana'), '--name', 'Crew', '--storage', storage])).last
    await ok(['join', '--home', home('bob'), (await ok(['invite', '--home', home('ana'), '--workspace', ws])).last])
    await ok(['profile', '--home', home('ana'), '--workspace', ws, '--name', 'Ana Lima', '--color', '#1a7f5a'])
    expect((await ok(['profile', '--home', home('ana'), '--workspace', ws])).last).toBe('{"name":"Ana Lima","color":"#1a7f5a"}')
    await ok(['sync', '--home', home('bob')])
    const anaId = (await ok(['whoami', '--home', home('ana')])).last
    expect((await ok(['members', '--home', home('bob'), '--workspace', ws])).stdout).toContain(`${anaId} admin devices: 1 name: Ana Lima`)

    // A short link code joins too (it names its storage); the join happens after a name was set.
    const short = (await ok(['invite', '--home', home('ana'), '--workspace', ws, '--short'])).last
    expect(short).toMatch(/^[A-Za-z0-9_-]{35}\.[A-Za-z0-9_-]+$/)
    expect((await ok(['join', '--home', home('cy'), short])).last).toBe(ws)

    const bad = await clientful(['profile', '--home', home('bob'), '--workspace', ws, '--name', 'Bob', '--color', 'blue'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/color must be #rrggbb/)
  })
})
