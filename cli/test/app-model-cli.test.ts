// The app-model commands of the real CLI, two homes sharing a folder: concurrent values with
// their members, the trash across devices, and erasing a document (admins only).

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientful, ok } from './support/cli.ts'

describe('clientful conflicts, delete, trash, restore, erase', () => {
  let root: string
  let ws: string
  const home = (name: string) => join(root, name)
  const run = (who: string, ...args: string[]) => ok([args[0]!, '--home', home(who), '--workspace', ws, ...args.slice(1)])
  const members: Record<string, string> = {}

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-app-cli-'))
    ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Crew', '--storage', `file://${join(root, 'storage')}`])).last
    const code = (await ok(['invite', '--home', home('a'), '--workspace', ws, '--role', 'writer'])).last
    await ok(['join', '--home', home('b'), code])
    for (const who of ['a', 'b']) members[who] = (await ok(['whoami', '--home', home(who)])).last
    await run('a', 'put', '--doc', 'board', 'pump', '{"title":"Fix the pump"}')
    await run('a', 'put', '--doc', 'board', 'valve', '{"title":"Oil the valve"}')
    await run('a', 'sync')
    await run('b', 'sync')
  }, 60_000)
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('conflicts prints each key set concurrently, with every value and its author\'s member id', async () => {
    await run('a', 'put', '--doc', 'board', 'pump', '{"title":"Fix the pump today"}')
    await run('b', 'put', '--doc', 'board', 'pump', '{"title":"Fix the pump tomorrow"}')
    await run('a', 'sync')
    await run('b', 'sync')
    const listed = JSON.parse((await run('b', 'conflicts', '--doc', 'board')).stdout)
    expect(listed).toHaveLength(1)
    expect(listed[0].key).toBe('pump')
    expect(listed[0].values.map((v: { value: unknown; member: string }) => [v.value, v.member]).sort()).toEqual(
      [
        [{ title: 'Fix the pump today' }, members.a],
        [{ title: 'Fix the pump tomorrow' }, members.b],
      ].sort(),
    )
  })

  it('delete moves an entry to the trash, trash lists it on the other device, restore brings it back', async () => {
    await run('b', 'delete', '--doc', 'board', 'valve', '--keep', '7d')
    await run('b', 'sync')
    await run('a', 'sync')
    const trash = JSON.parse((await run('a', 'trash')).stdout)
    expect(trash).toEqual([expect.objectContaining({ doc: 'board', key: 'valve', deletedBy: members.b })])
    expect(Date.parse(trash[0].until) - Date.parse(trash[0].deletedAt)).toBe(7 * 86_400_000)
    const again = await clientful(['delete', '--home', home('a'), '--workspace', ws, '--doc', 'board', 'valve'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/already in the trash/)
    await run('a', 'restore', '--doc', 'board', 'valve')
    await run('a', 'sync')
    await run('b', 'sync')
    expect(JSON.parse((await run('b', 'trash', '--doc', 'board')).stdout)).toEqual([])
    expect(JSON.parse((await run('b', 'get', '--doc', 'board')).stdout).valve).toEqual({ title: 'Oil the valve' })
  })

  it('erase is for admins; every device forgets the document', async () => {
    const refused = await clientful(['erase', '--home', home('b'), '--workspace', ws, '--doc', 'board'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/only admins erase/)
    const erased = JSON.parse((await run('a', 'erase', '--doc', 'board')).stdout)
    expect(erased).toMatchObject({ erased: 'board', then: expect.arrayContaining([expect.stringMatching(/next sync/)]) })
    await run('a', 'sync')
    await run('b', 'sync')
    const seen = await clientful(['get', '--home', home('b'), '--workspace', ws, '--doc', 'board'])
    expect(seen.stdout + seen.stderr).not.toMatch(/Oil the valve|Fix the pump/)
  })

  it('bad input is one line and a non-zero exit', async () => {
    const missing = await clientful(['delete', '--home', home('a'), '--workspace', ws, '--doc', 'board'])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toHaveLength(1)
    const keep = await clientful(['delete', '--home', home('a'), '--workspace', ws, '--doc', 'board', 'x', '--keep', 'forever'])
    expect(keep.code).toBe(2)
    const noDoc = await clientful(['conflicts', '--home', home('a'), '--workspace', ws, '--doc', 'nothing'])
    expect(noDoc.code).toBe(1)
  })
})
