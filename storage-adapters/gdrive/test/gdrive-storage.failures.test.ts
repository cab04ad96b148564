import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isStorageError, withRetries, type UserStorage } from 'clientful/storage'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { closedPort } from '../../../scripts/services/loopback.ts'
import { createGdriveStorage, type GdriveStorageOptions } from '../src/index.ts'
import { startDriveProxy, type DriveProxy, type DriveProxyScript } from './drive-proxy.ts'
import { rawDrive } from './raw-drive.ts'

const BYTES = new Uint8Array([1, 2, 3])
const FAST_BACKOFF = { attempts: 5, baseMs: 1, capMs: 2 }

let mock: RunningDriveMock
let proxy: DriveProxy | undefined
beforeAll(async () => {
  mock = await startDriveMock()
})
afterAll(() => mock.stop())
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

type Overrides = Partial<GdriveStorageOptions>
const storageAt = (apiUrl: string, rootFolderId: string, overrides: Overrides = {}) =>
  createGdriveStorage({ rootFolderId, apiUrl, getToken: async () => mock.token, pacing: false, backoff: FAST_BACKOFF, ...overrides })

async function behindProxy(script: DriveProxyScript, overrides: Overrides = {}) {
  const root = await mock.createFolder('root')
  proxy = await startDriveProxy(mock.url, script)
  return { storage: storageAt(proxy.url, root, overrides), proxy, root }
}

/** Runs every operation and expects each to fail with `kind`. */
async function expectEveryOperationFails(storage: UserStorage, kind: string): Promise<void> {
  const operations = [storage.read('a.json'), storage.write('a.json', BYTES), storage.delete('a.json'), storage.list('')]
  for (const outcome of await Promise.allSettled(operations)) {
    expect(outcome.status).toBe('rejected')
    const reason = (outcome as PromiseRejectedResult).reason
    expect(isStorageError(reason), String(reason)).toBe(true)
    expect(reason).toMatchObject({ kind, location: storage.location })
  }
}

describe('Google Drive storage: access', () => {
  it('maps a token the API refuses (401) to auth, and asks only once', async () => {
    const { storage, proxy } = await behindProxy({}, { getToken: async () => 'revoked-token' })
    await expectEveryOperationFails(storage, 'auth')
    proxy.requests.length = 0
    await expect(storage.read('a.json')).rejects.toMatchObject({ kind: 'auth', retryable: false })
    expect(proxy.requests).toHaveLength(1) // a bad token must not be hammered
  })

  it('asks getToken again after a 401 and carries on with the fresh token', async () => {
    const tokens = ['expired-token', mock.token]
    const { storage, proxy } = await behindProxy({}, { getToken: async () => tokens.shift() ?? mock.token })
    await storage.write('a.json', BYTES)
    expect(await storage.read('a.json')).toEqual(BYTES)
    expect(proxy.requests[0]?.url).toMatch(/^\/drive\/v3\/files\/[^?]+\?fields=/) // the root check, tried twice
    expect(proxy.requests[1]?.url).toBe(proxy.requests[0]?.url)
  })

  it('maps a getToken that fails (the user declined consent) to auth, without a request', async () => {
    const { storage, proxy } = await behindProxy({}, { getToken: () => Promise.reject(new Error('popup closed')) })
    await expect(storage.list('')).rejects.toMatchObject({ kind: 'auth', message: expect.stringContaining('popup closed') })
    expect(proxy.requests).toEqual([])
  })

  it('maps a root folder that does not exist to missing-root, for reads too (not "no such file")', async () => {
    await expectEveryOperationFails(storageAt(mock.url, 'no-such-folder-id'), 'missing-root')
  })

  it('maps a trashed root folder to missing-root', async () => {
    const root = await mock.createFolder('trashed')
    await rawDrive(mock).patch(root, { trashed: true })
    await expect(storageAt(mock.url, root).list('')).rejects.toMatchObject({ kind: 'missing-root', message: expect.stringContaining('trash') })
  })

  it('refuses a file as the root', async () => {
    const parent = await mock.createFolder('parent')
    const file = await rawDrive(mock).createFile(parent, 'not-a-folder.json', '{}')
    await expect(storageAt(mock.url, file.id).read('a.json')).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('maps an API with nothing listening to unreachable, which is retryable', async () => {
    const storage = storageAt(`http://127.0.0.1:${await closedPort()}`, 'root')
    await expectEveryOperationFails(storage, 'unreachable')
    await expect(storage.read('a.json')).rejects.toMatchObject({ retryable: true })
  })

  it('never puts the token in locations or messages', async () => {
    const secret = 'ya29.very-secret-access-token'
    const { storage } = await behindProxy({}, { getToken: async () => secret })
    const error: unknown = await storage.read('a.json').catch((e: unknown) => e)
    for (const text of [storage.location, (error as Error).message]) expect(text).not.toContain(secret)
  })
})

describe('Google Drive storage: throttling and server errors', () => {
  const onlyUploads = (method: string) => method === 'POST' || method === 'PATCH'

  it('rides out 429, 403 userRateLimitExceeded and 503 with backoff, then succeeds', async () => {
    const script = ['429', 'userRateLimitExceeded', 'rateLimitExceeded', '503']
    let uploads = 0
    const waits: string[] = []
    const { storage, proxy } = await behindProxy(
      {
        answer: (request) => {
          if (!onlyUploads(request.method)) return undefined
          const next = script[uploads++]
          if (next === '429') return { status: 429, reason: 'rateLimitExceeded' }
          if (next === '503') return { status: 503, reason: 'backendError' }
          return next === undefined ? undefined : { status: 403, reason: next }
        },
      },
      { backoff: { ...FAST_BACKOFF, onRetry: (error) => waits.push(error.kind) } },
    )
    await storage.write('throttled.json', BYTES)
    expect(waits).toEqual(['throttled', 'throttled', 'throttled', 'transient'])
    expect(proxy.requests.filter((r) => onlyUploads(r.method))).toHaveLength(5)
    expect(await storage.read('throttled.json')).toEqual(BYTES)
  })

  it('gives up as throttled (retryable) after its attempts, and withRetries can carry on', async () => {
    let refusals = 4
    const { storage, proxy } = await behindProxy(
      { answer: (request) => (request.method === 'POST' && refusals-- > 0 ? { status: 403, reason: 'userRateLimitExceeded' } : undefined) },
      { backoff: { ...FAST_BACKOFF, attempts: 3 } },
    )
    await expect(storage.write('a.json', BYTES)).rejects.toMatchObject({ kind: 'throttled', retryable: true })
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(3)
    await withRetries(storage, { attempts: 2, baseMs: 1, capMs: 1 }).write('a.json', BYTES)
    expect(await storage.read('a.json')).toEqual(BYTES)
  })

  it('tries once by default, so withRetries is the one owner of retries: 5 tries are 5 requests, not 25', async () => {
    const { storage, proxy } = await behindProxy(
      { answer: (request) => (request.method === 'POST' ? { status: 403, reason: 'userRateLimitExceeded' } : undefined) },
      { backoff: { baseMs: 1, capMs: 2 } },
    )
    await expect(withRetries(storage, { attempts: 5, baseMs: 1, capMs: 2 }).write('a.json', BYTES)).rejects.toMatchObject({ kind: 'throttled' })
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(5)
  })

  it("carries Drive's Retry-After to withRetries, which waits at least that long (and leaves a longer one to the sync loop)", async () => {
    let retryAfter = '1'
    let refusals = 1
    const { storage, proxy } = await behindProxy(
      { answer: (request) => (request.method === 'POST' && refusals-- > 0 ? { status: 429, reason: 'rateLimitExceeded', headers: { 'retry-after': retryAfter } } : undefined) },
      { backoff: { baseMs: 1, capMs: 2 } },
    )
    const waits: number[] = []
    const policy = { attempts: 3, baseMs: 1, capMs: 5_000, onRetry: (_error: unknown, _attempt: number, waitMs: number) => waits.push(waitMs) }
    await withRetries(storage, policy).write('a.json', BYTES)
    expect(waits).toEqual([1_000])
    expect(await storage.read('a.json')).toEqual(BYTES)

    retryAfter = '60'
    refusals = 1
    const posts = proxy.requests.filter((r) => r.method === 'POST').length
    await expect(withRetries(storage, policy).write('b.json', BYTES)).rejects.toMatchObject({ kind: 'throttled', retryAfterMs: 60_000 })
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(posts + 1)
  })

  it.each([
    [403, 'storageQuotaExceeded', 'quota'],
    [403, 'insufficientFilePermissions', 'auth'],
    [400, 'badRequest', 'invalid'],
  ])('maps %i %s to %s, tried once', async (status, reason, kind) => {
    const { storage, proxy } = await behindProxy({ answer: (request) => (request.method === 'POST' ? { status, reason } : undefined) })
    await expect(storage.write('a.json', BYTES)).rejects.toMatchObject({ kind, retryable: false })
    expect(proxy.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('maps 500 to transient after its attempts', async () => {
    const { storage, proxy } = await behindProxy({ answer: (request) => (request.url.includes('q=') ? { status: 500, reason: 'internalError' } : undefined) })
    await expect(storage.list('')).rejects.toMatchObject({ kind: 'transient', retryable: true })
    expect(proxy.requests.filter((r) => r.url.includes('q='))).toHaveLength(FAST_BACKOFF.attempts)
  })
})
