import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { createGdriveStorage, type DriveShareRole } from '../src/index.ts'
import { startDriveProxy, type DriveProxy } from './drive-proxy.ts'

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

const storageAt = (apiUrl: string, rootFolderId: string) =>
  createGdriveStorage({ rootFolderId, apiUrl, getToken: async () => mock.token, pacing: false, backoff: { attempts: 1 } })

describe('grantAccess', () => {
  it('is not supported by google-drive-mock, which has no permissions endpoint (404)', async () => {
    const storage = storageAt(mock.url, await mock.createFolder('root'))
    await expect(storage.grantAccess('bob@example.com', 'writer')).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('no permissions endpoint'),
    })
  })

  it('creates a user permission on the root folder, as Drive documents it', async () => {
    const root = await mock.createFolder('root')
    // The mock lacks permissions.create: the proxy answers it the way Drive does.
    proxy = await startDriveProxy(mock.url, {
      answer: (request) => (request.url.includes('/permissions') ? { status: 200, json: { kind: 'drive#permission', id: 'perm-123' } } : undefined),
    })
    const storage = storageAt(proxy.url, root)
    expect(await storage.grantAccess('bob@example.com', 'writer', { message: 'Our board' })).toBe('perm-123')
    const request = proxy.requests.find((r) => r.url.includes('/permissions'))!
    const url = new URL(request.url, proxy.url)
    expect(request.method).toBe('POST')
    expect(url.pathname).toBe(`/drive/v3/files/${root}/permissions`)
    expect(url.searchParams.get('sendNotificationEmail')).toBe('true')
    expect(url.searchParams.get('emailMessage')).toBe('Our board')
    expect(JSON.parse(request.body)).toEqual({ type: 'user', role: 'writer', emailAddress: 'bob@example.com' })
  })

  it('can share without a notification email', async () => {
    const root = await mock.createFolder('root')
    proxy = await startDriveProxy(mock.url, {
      answer: (request) => (request.url.includes('/permissions') ? { status: 200, json: { id: 'perm-9' } } : undefined),
    })
    await storageAt(proxy.url, root).grantAccess('carol@example.com', 'reader', { notify: false, message: 'ignored' })
    const url = new URL(proxy.requests.find((r) => r.url.includes('/permissions'))!.url, proxy.url)
    expect(url.searchParams.get('sendNotificationEmail')).toBe('false')
    expect(url.searchParams.has('emailMessage')).toBe(false)
  })

  it('maps a missing root folder to missing-root', async () => {
    await expect(storageAt(mock.url, 'gone-folder').grantAccess('bob@example.com', 'writer')).rejects.toMatchObject({ kind: 'missing-root' })
  })

  it.each([
    ['not-an-email', 'writer', /email/],
    ['bob@example.com', 'owner', /role/],
  ])('refuses %j as %j with a TypeError', async (email, role, reason) => {
    const storage = storageAt(mock.url, await mock.createFolder('root'))
    await expect(storage.grantAccess(email, role as DriveShareRole)).rejects.toThrow(reason)
  })
})
