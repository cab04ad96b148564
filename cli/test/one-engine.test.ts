// One engine per device (invariant 12), for Node homes: two CLI processes on one home take
// turns instead of numbering envelopes from the same counter, and a process killed with
// SIGKILL while an upload is in flight frees the home at once and loses nothing. (The lock
// within one process: framework/test/home-lock.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createS3Storage } from '@clientful/storage-s3'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { startFaultProxy, type FaultProxy } from '../../scripts/services/fault-proxy.ts'
import { ok } from './support/cli.ts'
import { CLIENTFUL_CLI, fromSource } from '../../scripts/services/from-source.ts'

/** A sequence number as docs/FORMAT.md writes it in file names: 12 digits. */
const padSeq = (seq: number): string => String(seq).padStart(12, '0')

/** The CLI as a child process whose stderr can be watched while it runs. */
function start(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...fromSource(CLIENTFUL_CLI), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  const watchers: (() => void)[] = []
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const check of watchers) check()
  })
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  return {
    child,
    exited,
    stderr: () => stderr,
    said: (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => pattern.test(stderr) && resolve()
        watchers.push(check)
        check()
      }),
  }
}

describe('one engine per Node home', () => {
  let root: string
  let s3: RunningS3rver
  let proxy: FaultProxy
  let url: string
  let env: NodeJS.ProcessEnv
  let ws: string
  let device: string
  const home = (name: string) => join(root, name)
  const doc = (name: string) => ['--home', home(name), '--workspace', ws, '--doc', 'tasks']

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-one-engine-'))
    s3 = await startS3rver({ bucket: 'one-engine' })
    proxy = await startFaultProxy(s3.endpoint)
    url = `s3://${s3.bucket}/team?endpoint=${encodeURIComponent(proxy.endpoint)}&region=us-east-1`
    env = { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey }
    device = (await ok(['init', '--home', home('a')])).last
    ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Crew', '--storage', url], env)).last
    await ok(['join', '--home', home('b'), (await ok(['invite', '--home', home('a'), '--workspace', ws], env)).last], env)
  })
  afterAll(async () => {
    await proxy?.stop()
    await s3?.stop()
    await rm(root, { recursive: true, force: true })
  })

  /** Every envelope of device A in storage is byte for byte the one A sealed under that number, 1..n. */
  async function expectStorageMatchesSealed(): Promise<number> {
    const storage = createS3Storage({ bucket: s3.bucket, prefix: 'team', endpoint: s3.endpoint, region: 'us-east-1', credentials: s3.credentials })
    const listed = await storage.list(`${ws}/log/${device}/`)
    for (const [i, path] of listed.entries()) {
      expect(path).toBe(`${ws}/log/${device}/${padSeq(i + 1)}.json`)
      const sealed = await readSealed(i + 1)
      expect(new TextDecoder().decode((await storage.read(path))!)).toBe(sealed)
    }
    return listed.length
  }

  async function readSealed(seq: number): Promise<string> {
    for (const folder of ['sent', 'outbox']) {
      try {
        return (JSON.parse(await readFile(join(home('a'), 'data', 'ws', ws, folder, `${padSeq(seq)}.v`), 'utf8')) as { file: string }).file
      } catch {
        // not in this folder
      }
    }
    throw new Error(`device A has no record of its envelope #${seq}`)
  }

  it('two processes that put and sync on one home at once both get their edits out, with no number used twice', async () => {
    const putThenSync = async (key: string) => {
      await ok(['put', ...doc('a'), key, JSON.stringify(`from ${key}`)], env)
      return ok(['sync', '--home', home('a'), '--workspace', ws], env)
    }
    const results = await Promise.all([putThenSync('one'), putThenSync('two')])
    expect(results.map((r) => r.code)).toEqual([0, 0])

    await ok(['sync', '--home', home('b'), '--workspace', ws], env)
    const seen = JSON.parse((await ok(['get', ...doc('b')], env)).stdout)
    expect(seen).toMatchObject({ one: 'from one', two: 'from two' })
    expect(await expectStorageMatchesSealed()).toBeGreaterThan(0)
  })

  it('a sync killed with SIGKILL mid-upload frees the home for the next process, and nothing is lost or doubled', async () => {
    await ok(['put', ...doc('a'), 'three', '"before the kill"'], env)
    const arrived = proxy.stall((r) => r.kind === 'write' && r.key.includes('/log/'))
    const sync = start(['sync', '--home', home('a'), '--workspace', ws], env)
    await arrived // the upload is in flight and held there

    const put = start(['put', ...doc('a'), 'four', '"after the kill"'], env)
    await put.said(/waiting for it to finish/)
    sync.child.kill('SIGKILL')
    await sync.exited
    expect(await put.exited).toBe(0)
    proxy.release() // the killed process's request lands (or not): either way it wrote no marker

    await ok(['sync', '--home', home('a'), '--workspace', ws], env)
    await ok(['sync', '--home', home('b'), '--workspace', ws], env)
    const seen = JSON.parse((await ok(['get', ...doc('b')], env)).stdout)
    expect(seen).toEqual({ one: 'from one', two: 'from two', three: 'before the kill', four: 'after the kill' })
    await expectStorageMatchesSealed()
  })

  it('says it is waiting while another process holds the home', async () => {
    const arrived = proxy.stall((r) => r.kind === 'list')
    const sync = start(['sync', '--home', home('a'), '--workspace', ws], env)
    await arrived
    const second = start(['get', ...doc('a')], env)
    await second.said(/waiting for it to finish/)
    expect(second.stderr()).toMatch(new RegExp(`another clientful process \\(pid ${sync.child.pid}\\) is using .*: waiting for it to finish`))
    proxy.release()
    expect(await sync.exited).toBe(0)
    expect(await second.exited).toBe(0)
  })
})
