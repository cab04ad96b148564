// The CLI flow from the README, through a local folder: two homes on one machine are two
// devices sharing a workspace. Each step runs the real binary in a child process.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientful, ok } from './support/cli.ts'
import { createHash, randomBytes } from 'node:crypto'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'

describe('clientful CLI through file://', () => {
  let root: string
  let storage: string
  const home = (name: string) => join(root, name)

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-'))
    storage = `file://${join(root, 'storage')}`
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  let ws: string

  it('init is idempotent and prints the device id', async () => {
    const first = await ok(['init', '--home', home('a')])
    const second = await ok(['init', '--home', home('a')])
    expect(first.last).toMatch(/^[0-9a-f]{64}$/)
    expect(second.last).toBe(first.last)
  })

  it('creates a workspace, invites, joins, and syncs a document both ways', async () => {
    ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Crew A', '--storage', storage])).last
    expect(ws).toMatch(/^[0-9a-f]{32}$/)
    const code = (await ok(['invite', '--home', home('a'), '--workspace', ws])).last
    expect(code).toMatch(/^cf1\./)
    expect((await ok(['join', '--home', home('b'), code])).last).toBe(ws)

    await ok(['put', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', 'pump', '{"title":"Fix the pump","status":"todo"}'])
    const pushed = await ok(['sync', '--home', home('a'), '--workspace', ws])
    expect(pushed.stdout).toMatch(/pushed 1 envelope/)
    const pulled = await ok(['sync', '--home', home('b')])
    expect(pulled.stdout).toMatch(/pulled 1 envelope/)
    const got = JSON.parse((await ok(['get', '--home', home('b'), '--workspace', ws, '--doc', 'tasks'])).stdout)
    expect(got.pump).toEqual({ title: 'Fix the pump', status: 'todo' })

    await ok(['put', '--home', home('b'), '--workspace', ws, '--doc', 'tasks', 'valve', '"check"'])
    await ok(['sync', '--home', home('b')])
    await ok(['sync', '--home', home('a')])
    const back = JSON.parse((await ok(['get', '--home', home('a'), '--workspace', ws, '--doc', 'tasks'])).stdout)
    expect(back).toEqual({ pump: { title: 'Fix the pump', status: 'todo' }, valve: 'check' })
  })

  it('export writes every document as readable JSON', async () => {
    const out = join(root, 'export')
    await ok(['export', '--home', home('b'), '--workspace', ws, '--out', out])
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8'))
    expect(index.documents.map((d: { name: string }) => d.name)).toContain('tasks')
    const tasks = JSON.parse(await readFile(join(out, 'tasks.json'), 'utf8'))
    expect(tasks.valve).toBe('check')
  })

  it('verify passes on a clean workspace, then names a tampered file and exits 1', async () => {
    const clean = await clientful(['verify', '--home', home('b'), '--workspace', ws])
    expect(clean.code).toBe(0)
    expect(clean.last).toMatch(/0 bad/)

    const logDir = join(root, 'storage', ws, 'log')
    const [device] = await readdir(logDir)
    const file = join(logDir, device!, '000000000001.json')
    const json = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({ ...json, seq: 2, prev: '0'.repeat(64) })) // #1 copied to #2's position
    const bad = await clientful(['verify', '--home', home('b'), '--workspace', ws])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain(`${device}/000000000001.json: replay`)
    await writeFile(file, JSON.stringify(json))
  })

  it('status names what the sync could not get and exits 1 until storage serves it again', async () => {
    const deviceA = (await ok(['init', '--home', home('a')])).last
    await ok(['put', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', 'gate', '"oil"'])
    await ok(['put', '--home', home('a'), '--workspace', ws, '--doc', 'tasks', 'fence', '"paint"'])
    await ok(['sync', '--home', home('a'), '--workspace', ws])
    const aLog = join(root, 'storage', ws, 'log', deviceA)
    const newest = (await readdir(aLog)).filter((f) => /^\d{12}\.json$/.test(f)).sort()
    const gap = join(aLog, newest[newest.length - 2]!)
    const kept = await readFile(gap)
    await rm(gap)

    const missing = await clientful(['status', '--home', home('b'), '--workspace', ws])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toMatch(new RegExp(`problem: 2 change set\\(s\\) from device ${deviceA.slice(0, 8)}… are announced but not in storage`))

    await writeFile(gap, kept)
    const clean = await clientful(['status', '--home', home('b'), '--workspace', ws])
    expect(clean.stdout).not.toContain('problem:')
    expect(clean.code).toBe(0)
  })

  it('storage holds none of the plaintext the test wrote', async () => {
    const needles = ['Fix the pump', 'Crew A', 'tasks', 'valve', 'check']
    const files = await readdir(join(root, 'storage'), { recursive: true, withFileTypes: true })
    let scanned = 0
    for (const entry of files) {
      if (!entry.isFile()) continue
      const path = join(entry.parentPath, entry.name)
      const text = (await readFile(path)).toString('latin1')
      for (const needle of needles) {
        expect(text.includes(needle), `${needle} found in ${path}`).toBe(false)
        expect(path.includes(needle), `${needle} in the path ${path}`).toBe(false)
      }
      scanned++
    }
    expect(scanned).toBeGreaterThan(5)
  })
})

describe('clientful CLI refuses bad input with one clear line', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-bad-'))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp) {
    expect(result.code).not.toBe(0)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
  }

  it('a malformed invite code', async () => {
    expectOneLineError(await clientful(['join', '--home', join(root, 'x'), 'cf1.garbage.xx']), /invalid invite code/)
    expectOneLineError(await clientful(['join', '--home', join(root, 'x'), 'hello']), /invalid invite code/)
  })

  it('a storage folder of a newer format version, and nothing lost locally', async () => {
    const storageDir = join(root, 'newer')
    const home = join(root, 'h')
    const ws = (await ok(['workspace', 'create', '--home', home, '--name', 'N', '--storage', `file://${storageDir}`])).last
    await ok(['put', '--home', home, '--workspace', ws, '--doc', 'notes', 'k', '"kept"'])
    await writeFile(join(storageDir, 'clientful.json'), JSON.stringify({ format: 'clientful', v: 99 }))
    expectOneLineError(await clientful(['invite', '--home', home, '--workspace', ws]), /format version 99 is newer/)
    const got = JSON.parse((await ok(['get', '--home', home, '--workspace', ws, '--doc', 'notes'])).stdout)
    expect(got.k).toBe('kept')
  })

  it('unknown storage schemes and missing flags', async () => {
    expectOneLineError(await clientful(['workspace', 'create', '--home', join(root, 'y'), '--name', 'n', '--storage', 'ftp://x']), /unsupported storage URL/)
    expectOneLineError(await clientful(['workspace', 'create', '--home', join(root, 'y'), '--name', 'n']), /missing --storage/)
  })
})

describe('clientful CLI through s3rver', () => {
  let root: string
  let s3: RunningS3rver
  let env: NodeJS.ProcessEnv
  let url: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-s3-'))
    s3 = await startS3rver({ bucket: 'cli-bucket' })
    url = `s3://${s3.bucket}/team-a?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1`
    env = { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey }
  })
  afterAll(async () => {
    await s3.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('two homes share a workspace through the bucket', async () => {
    const [a, b] = [join(root, 'a'), join(root, 'b')]
    const ws = (await ok(['workspace', 'create', '--home', a, '--name', 'S3 crew', '--storage', url], env)).last
    const code = (await ok(['invite', '--home', a, '--workspace', ws, '--role', 'writer'], env)).last
    expect((await ok(['join', '--home', b, code], env)).last).toBe(ws)
    await ok(['put', '--home', b, '--workspace', ws, '--doc', 'log', 'entry', '{"n":1}'], env)
    await ok(['sync', '--home', b], env)
    await ok(['sync', '--home', a], env)
    expect(JSON.parse((await ok(['get', '--home', a, '--workspace', ws, '--doc', 'log'], env)).stdout)).toEqual({ entry: { n: 1 } })
    const verify = await clientful(['verify', '--home', a, '--workspace', ws], env)
    expect(verify.code).toBe(0)
  })

  it('wrong credentials: one clear line naming the location, nothing lost locally', async () => {
    const home = join(root, 'c')
    const ws = (await ok(['workspace', 'create', '--home', home, '--name', 'Creds', '--storage', url], env)).last
    await ok(['put', '--home', home, '--workspace', ws, '--doc', 'd', 'k', '"local edit"'], env)
    const bad = await clientful(['sync', '--home', home], { AWS_ACCESS_KEY_ID: 'NOT-A-KEY', AWS_SECRET_ACCESS_KEY: 'nope' })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/s3:\/\/cli-bucket\/team-a/)
    expect(bad.stderr.trim().split('\n').filter((l) => !l.includes('sync failed')).length).toBeLessThanOrEqual(1)
    expect(JSON.parse((await ok(['get', '--home', home, '--workspace', ws, '--doc', 'd'], env)).stdout)).toEqual({ k: 'local edit' })
    const pushed = await ok(['sync', '--home', home], env)
    expect(pushed.stdout).toMatch(/pushed 1 envelope/)
  })

  it('members get storage access sealed in the workspace: a joiner without credentials syncs', async () => {
    const [a, b] = [join(root, 'share-a'), join(root, 'share-b')]
    const shared = url.replace('team-a', 'team-shared')
    const ws = (await ok(['workspace', 'create', '--home', a, '--name', 'Shared', '--storage', shared, '--share-credentials'], env)).last
    await ok(['put', '--home', a, '--workspace', ws, '--doc', 'd', 'k', '"from a"'], env)
    await ok(['sync', '--home', a], env)
    const code = (await ok(['invite', '--home', a, '--workspace', ws], env)).last
    const noCredentials = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }
    await ok(['join', '--home', b, code], noCredentials)
    await ok(['sync', '--home', b], noCredentials)
    expect(JSON.parse((await ok(['get', '--home', b, '--workspace', ws, '--doc', 'd'], noCredentials)).stdout)).toEqual({ k: 'from a' })
    // The credentials never reach storage in the clear, nor an export.
    const out = join(root, 'share-export')
    await ok(['export', '--home', b, '--workspace', ws, '--out', out], noCredentials)
    for (const file of await readdir(out)) expect(await readFile(join(out, file), 'utf8')).not.toContain(s3.credentials.secretAccessKey)
  })

  it('a 20 MB attachment round-trips byte-identical through s3rver', async () => {
    const [a, b] = [join(root, 'att-a'), join(root, 'att-b')]
    const ws = (await ok(['workspace', 'create', '--home', a, '--name', 'Files', '--storage', url.replace('team-a', 'files')], env)).last
    const code = (await ok(['invite', '--home', a, '--workspace', ws], env)).last
    await ok(['join', '--home', b, code], env)
    const original = join(root, 'big.bin')
    await writeFile(original, randomBytes(20 * 1024 * 1024))
    const blob = (await ok(['attach', '--home', a, '--workspace', ws, '--doc', 'report', '--key', 'scan', original], env)).last
    expect(blob).toMatch(/^[0-9a-f]{32}$/)
    const copy = join(root, 'big.copy')
    await ok(['fetch', '--home', b, '--workspace', ws, '--doc', 'report', '--key', 'scan', '--out', copy], env)
    expect(createHash('sha256').update(await readFile(copy)).digest('hex')).toBe(createHash('sha256').update(await readFile(original)).digest('hex'))
  })

  it('unreachable storage: one clear line, non-zero exit', async () => {
    const dead = `s3://nobody/x?endpoint=${encodeURIComponent('http://127.0.0.1:9')}&region=us-east-1`
    const result = await clientful(['workspace', 'create', '--home', join(root, 'd'), '--name', 'n', '--storage', dead], env)
    expect(result.code).not.toBe(0)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/s3:\/\/nobody\/x/)
  })
})
