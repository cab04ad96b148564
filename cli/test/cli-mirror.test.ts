// clientful mirror between storage URLs: a workspace in s3rver copied to a local folder with no
// keys, and a second run copies nothing. (The mirror a device reads through: framework/test/mirror.test.ts.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { clientful, ok } from './support/cli.ts'

describe('clientful mirror', () => {
  let root: string
  let s3: RunningS3rver

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-cli-mirror-'))
    s3 = await startS3rver({ bucket: 'mirror-bucket' })
  })
  afterAll(async () => {
    await s3?.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('copies between URLs and is idempotent', async () => {
    const env = { AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey }
    const from = `s3://mirror-bucket/team?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1`
    const home = join(root, 'home')
    const ws = (await ok(['workspace', 'create', '--home', home, '--name', 'Office', '--storage', from], env)).last
    await ok(['put', '--home', home, '--workspace', ws, '--doc', 'tasks', 'a', '"from the cloud"'], env)
    await ok(['sync', '--home', home, '--workspace', ws], env)

    const to = `file://${join(root, 'copy')}`
    const run = await clientful(['mirror', '--from', from, '--to', to], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/[1-9]\d* copied/)
    const again = await clientful(['mirror', '--from', from, '--to', to], env)
    expect(again.stdout).toMatch(/: 0 copied, 0 updated/)
  })
})
