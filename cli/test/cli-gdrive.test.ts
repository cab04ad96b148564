// The clientful CLI on a Drive folder: two homes are two devices sharing a workspace through
// gdrive://FOLDER_ID?api=…, the token in CLIENTFUL_GDRIVE_TOKEN. Runs the real binary.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../scripts/services/drive-mock.ts'
import { clientful, ok as succeeds } from './support/cli.ts'

describe('clientful CLI through gdrive://', () => {
  let mock: RunningDriveMock
  let dir: string
  let storage: string
  const home = (name: string) => join(dir, name)
  const ok = (args: string[]) => succeeds(args, { CLIENTFUL_GDRIVE_TOKEN: mock.token })

  beforeAll(async () => {
    mock = await startDriveMock()
    dir = await mkdtemp(join(tmpdir(), 'clientful-cli-gdrive-'))
    storage = `gdrive://${await mock.createFolder('Clientful')}?api=${mock.url}`
  })
  afterAll(async () => {
    await mock.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('creates a workspace in the Drive folder, and a second device syncs a document from it', async () => {
    await ok(['init', '--home', home('a')])
    const ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Drive crew', '--storage', storage])).last
    const code = (await ok(['invite', '--home', home('a'), '--workspace', ws])).last
    expect((await ok(['join', '--home', home('b'), code])).last).toBe(ws)
    await ok(['put', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', 'pump', '{"title":"Fix the pump"}'])
    expect((await ok(['sync', '--home', home('a'), '--workspace', ws])).stdout).toMatch(/pushed 1 envelope/)
    expect((await ok(['sync', '--home', home('b')])).stdout).toMatch(/pulled 1 envelope/)
    const got = JSON.parse((await ok(['get', '--home', home('b'), '--workspace', ws, '--doc', 'tasks'])).stdout)
    expect(got.pump).toEqual({ title: 'Fix the pump' })
  })

  it('says in one line that the token is missing', async () => {
    await ok(['init', '--home', home('c')])
    const result = await clientful(['workspace', 'create', '--home', home('c'), '--name', 'x', '--storage', storage], { CLIENTFUL_GDRIVE_TOKEN: '' })
    expect(result.code).not.toBe(0)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/CLIENTFUL_GDRIVE_TOKEN/)
  })

  it('reports a refused token as a storage error, without the token', async () => {
    const result = await clientful(['workspace', 'create', '--home', home('c'), '--name', 'x', '--storage', storage], { CLIENTFUL_GDRIVE_TOKEN: 'ya29.revoked' })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/gdrive:\/\/.*HTTP 401/)
    expect(result.stderr).not.toContain('ya29.revoked')
  })
})
