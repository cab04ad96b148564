import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isStorageError, withRetries } from 'clientful/storage'
import { startS3rver, type RunningS3rver } from '../../../scripts/services/s3rver.ts'
import { closedPort } from '../../../scripts/services/loopback.ts'
import { createS3Storage, type S3StorageOptions } from '../src/index.ts'
import { startScriptedS3Server, type ScriptedResponse, type ScriptedS3Server } from './scripted-s3-server.ts'

const BYTES = new Uint8Array([1, 2, 3])
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
const at = (endpoint: string, overrides: Partial<S3StorageOptions> = {}) =>
  createS3Storage({ bucket: 'clientful', prefix: 'p', endpoint, region: 'us-east-1', credentials: CREDENTIALS, ...overrides })

/** Runs every operation and expects each to fail with `kind`. */
async function expectEveryOperationFails(storage: ReturnType<typeof at>, kind: string): Promise<void> {
  const operations = [storage.read('a.json'), storage.write('a.json', BYTES), storage.delete('a.json'), storage.list('')]
  for (const outcome of await Promise.allSettled(operations)) {
    expect(outcome.status).toBe('rejected')
    const reason = (outcome as PromiseRejectedResult).reason
    expect(isStorageError(reason), String(reason)).toBe(true)
    expect(reason).toMatchObject({ kind, location: storage.location })
  }
}

describe('S3 storage failures against s3rver', () => {
  let s3rver: RunningS3rver
  beforeAll(async () => {
    s3rver = await startS3rver()
  })
  afterAll(() => s3rver.stop())

  it('maps an unknown access key (InvalidAccessKeyId) to auth', async () => {
    const storage = at(s3rver.endpoint, { credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' } })
    await expectEveryOperationFails(storage, 'auth')
  })

  it('maps a nonexistent bucket to missing-root, for reads too (not "no such file")', async () => {
    await expectEveryOperationFails(at(s3rver.endpoint, { bucket: 'no-such-bucket' }), 'missing-root')
  })
})

describe('S3 storage failures without a real server', () => {
  let server: ScriptedS3Server | undefined
  afterEach(async () => {
    await server?.stop()
    server = undefined
  })
  const scripted = async (respond: (index: number) => ScriptedResponse): Promise<ScriptedS3Server> => {
    server = await startScriptedS3Server((_, index) => respond(index))
    return server
  }

  it('maps an endpoint with nothing listening to unreachable, which is retryable', async () => {
    const storage = at(`http://127.0.0.1:${await closedPort()}`)
    await expectEveryOperationFails(storage, 'unreachable')
    await expect(storage.read('a.json')).rejects.toMatchObject({ retryable: true })
  })

  // s3rver checks the access key but never verifies SigV4 signatures, and has no tokens or
  // policies; so these come from a loopback server answering with S3's own 403 bodies.
  it.each(['SignatureDoesNotMatch', 'AccessDenied', 'ExpiredToken'])('maps 403 %s to auth, tried once', async (code) => {
    const fake = await scripted(() => ({ status: 403, code }))
    const storage = withRetries(at(fake.endpoint), { attempts: 5, baseMs: 1, capMs: 1 })
    await expect(storage.read('a.json')).rejects.toMatchObject({ kind: 'auth', retryable: false })
    expect(fake.requests).toHaveLength(1) // a wrong key must not be hammered
  })

  it('maps 503 SlowDown to throttled after one request: the adapter never retries underneath withRetries', async () => {
    const fake = await scripted(() => ({ status: 503, code: 'SlowDown' }))
    await expect(at(fake.endpoint).write('a.json', BYTES)).rejects.toMatchObject({ kind: 'throttled', retryable: true })
    expect(fake.requests).toHaveLength(1)
  })

  it('lets withRetries carry a throttled read through, one request per attempt', async () => {
    const fake = await scripted((index) => (index < 2 ? { status: 503, code: 'SlowDown' } : { status: 200, body: BYTES }))
    const waits: string[] = []
    const onRetry = (error: unknown) => waits.push(isStorageError(error) ? error.kind : String(error))
    const storage = withRetries(at(fake.endpoint), { attempts: 3, baseMs: 1, capMs: 1, onRetry })
    expect(await storage.read('a.json')).toEqual(BYTES)
    expect(waits).toEqual(['throttled', 'throttled'])
    expect(fake.requests).toEqual(Array(3).fill('GET /clientful/p/a.json?x-id=GetObject'))
  })

  it('maps 500 InternalError to transient', async () => {
    const fake = await scripted(() => ({ status: 500, code: 'InternalError' }))
    await expect(at(fake.endpoint).list('')).rejects.toMatchObject({ kind: 'transient', retryable: true })
  })

  it('maps other 4xx answers to invalid', async () => {
    const fake = await scripted(() => ({ status: 400, code: 'InvalidArgument' }))
    await expect(at(fake.endpoint).write('a.json', BYTES)).rejects.toMatchObject({ kind: 'invalid', retryable: false })
  })

  it('never puts credentials in locations or messages', async () => {
    const secret = { accessKeyId: 'AKIASECRETKEYID', secretAccessKey: 'very-secret-value' }
    const fake = await scripted(() => ({ status: 403, code: 'AccessDenied' }))
    const storage = at(fake.endpoint, { credentials: secret })
    const error: unknown = await storage.read('a.json').catch((e: unknown) => e)
    for (const text of [storage.location, (error as Error).message]) {
      expect(text).not.toContain(secret.accessKeyId)
      expect(text).not.toContain(secret.secretAccessKey)
    }
  })
})
