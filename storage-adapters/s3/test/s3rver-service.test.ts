// The s3rver helper in scripts/services, as tests, Playwright and `npm start` use it.
import { access, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startS3rver, type RunningS3rver } from '../../../scripts/services/s3rver.ts'
import { createS3Storage } from '../src/index.ts'

const storageOn = (s3rver: RunningS3rver) =>
  createS3Storage({ bucket: s3rver.bucket, endpoint: s3rver.endpoint, region: 'us-east-1', credentials: s3rver.credentials })
const exists = (path: string) => access(path).then(() => true, () => false)

describe('startS3rver', () => {
  it('keeps a given data folder across restarts, as the dev server needs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clientful-s3rver-persistent-'))
    try {
      const first = await startS3rver({ dir, bucket: 'dev' })
      await storageOn(first).write('kept.json', new Uint8Array([4, 2]))
      await first.stop()
      const second = await startS3rver({ dir, bucket: 'dev' }) // the bucket already exists now
      expect(await storageOn(second).read('kept.json')).toEqual(new Uint8Array([4, 2]))
      await second.stop()
      expect(await exists(dir)).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('removes the temp folder it created, and stopping twice is harmless', async () => {
    const s3rver = await startS3rver()
    expect(await exists(s3rver.dir)).toBe(true)
    await s3rver.stop()
    await s3rver.stop()
    expect(await exists(s3rver.dir)).toBe(false)
  })

  it("fails fast with the server's own error when the port is taken", async () => {
    const running = await startS3rver()
    try {
      await expect(startS3rver({ port: running.port })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await running.stop()
    }
  })

  it('answers browser CORS preflights and exposes ETag', async () => {
    const s3rver = await startS3rver()
    try {
      const url = `${s3rver.endpoint}/${s3rver.bucket}/a.json`
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://127.0.0.1:5173',
          'access-control-request-method': 'PUT',
          'access-control-request-headers': 'authorization,x-amz-date,x-amz-content-sha256,content-type',
        },
      })
      expect(preflight.status).toBe(200)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT')
      await storageOn(s3rver).write('a.json', new Uint8Array([1]))
      const get = await fetch(url, { headers: { origin: 'http://127.0.0.1:5173' } })
      expect(get.headers.get('access-control-expose-headers')).toContain('ETag')
    } finally {
      await s3rver.stop()
    }
  })
})
