// The google-drive-mock helper in scripts/services, as tests and Playwright use it.
import { describe, expect, it } from 'vitest'
import { startDriveMock } from '../../../scripts/services/drive-mock.ts'
import { createGdriveStorage } from '../src/index.ts'

describe('startDriveMock', () => {
  it('serves the Drive API on a free port, accepts its token, and clear() forgets every file', async () => {
    const mock = await startDriveMock()
    try {
      const root = await mock.createFolder('root')
      const storageIn = () => createGdriveStorage({ rootFolderId: root, apiUrl: mock.url, getToken: async () => mock.token, pacing: false })
      await storageIn().write('a.json', new Uint8Array([0x7b, 0x7d]))
      expect(await storageIn().list('')).toEqual(['a.json'])
      await mock.clear()
      await expect(storageIn().list('')).rejects.toMatchObject({ kind: 'missing-root' }) // the root went too
    } finally {
      await mock.stop()
    }
  })

  it('answers browser CORS preflights for authorised uploads', async () => {
    const mock = await startDriveMock()
    try {
      const preflight = await fetch(`${mock.url}/upload/drive/v3/files/x?uploadType=multipart`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,content-type' },
      })
      expect(preflight.status).toBeLessThan(300)
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
      expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH')
    } finally {
      await mock.stop()
    }
  })

  it('stops once however often it is asked, and frees its port', async () => {
    const mock = await startDriveMock()
    await Promise.all([mock.stop(), mock.stop()])
    await expect(fetch(mock.url)).rejects.toThrow()
  })

  it('fails with the server error when the port is taken', async () => {
    const running = await startDriveMock()
    try {
      await expect(startDriveMock({ port: Number(new URL(running.url).port) })).rejects.toThrow(/EADDRINUSE/)
    } finally {
      await running.stop()
    }
  })
})
