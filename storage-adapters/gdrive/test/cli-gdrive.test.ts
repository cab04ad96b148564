// The clientful CLI on a Drive folder: two homes are two devices sharing a workspace through
// gdrive://FOLDER_ID?api=…, the token in CLIENTFUL_GDRIVE_TOKEN. Runs the real binary.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { CLIENTFUL_CLI, fromSource } from '../../../scripts/services/from-source.ts'

function clientful(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; last: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...fromSource(CLIENTFUL_CLI), ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr, last: stdout.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '' })
    })
  })
}

describe('clientful CLI through gdrive://', () => {
  let mock: RunningDriveMock
  let dir: string
  let storage: string
  const home = (name: string) => join(dir, name)
  const withToken = () => ({ CLIENTFUL_GDRIVE_TOKEN: mock.token })
  const ok = async (args: string[]) => {
    const result = await clientful(args, withToken())
    if (result.code !== 0) throw new Error(`clientful ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
    return result
  }

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
