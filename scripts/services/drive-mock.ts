// google-drive-mock (an in-process Drive API v3 double) on a free loopback port: for adapter
// tests, Playwright runs and dev setups. Facts and gaps per /work/shared/TOOLCHAIN.md and
// storage-adapters/gdrive/README.md: it accepts only the tokens "valid-token" and
// "another-valid-token", stores text faithfully but not binary, and refuses bodies over 100 kB.
// Its store is one per process: every mock started in a process shares it, and clear()
// empties it for all of them.

import type { AddressInfo } from 'node:net'
import { startServer } from 'google-drive-mock'

export interface RunningDriveMock {
  /** The API origin, e.g. http://127.0.0.1:41234 (pass as apiUrl, or ?api= in gdrive:// URLs). */
  readonly url: string
  readonly token: 'valid-token'
  /** Creates a folder at the top of the mock's Drive and resolves to its id: a fresh root per test. */
  createFolder(name: string): Promise<string>
  /** Forgets every file (POST /debug/clear). */
  clear(): Promise<void>
  stop(): Promise<void>
}

export async function startDriveMock(options: { port?: number } = {}): Promise<RunningDriveMock> {
  const server = startServer(options.port ?? 0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  const token = 'valid-token'
  const call = async (path: string, init: RequestInit): Promise<Response> => {
    const response = await fetch(url + path, init)
    if (!response.ok) throw new Error(`drive mock: ${init.method} ${path} answered ${response.status}: ${await response.text()}`)
    return response
  }
  let stopped: Promise<void> | undefined
  return {
    url,
    token,
    async createFolder(name) {
      const response = await call('/drive/v3/files', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, mimeType: 'application/vnd.google-apps.folder' }),
      })
      return ((await response.json()) as { id: string }).id
    },
    async clear() {
      await (await call('/debug/clear', { method: 'POST' })).text()
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections() // fetch keeps sockets alive
      })
      return stopped
    },
  }
}
