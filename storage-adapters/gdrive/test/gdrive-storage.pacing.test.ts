import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { createGdriveStorage, type GdriveStorageOptions } from '../src/index.ts'
import { startDriveProxy, type DriveProxy } from './drive-proxy.ts'

const text = (s: string) => new TextEncoder().encode(s)

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

async function recorded(overrides: Partial<GdriveStorageOptions>) {
  const root = await mock.createFolder('root')
  const uploads: number[] = []
  proxy = await startDriveProxy(mock.url, {
    answer: (request) => void (request.method !== 'GET' && uploads.push(performance.now())),
  })
  const storage = createGdriveStorage({ rootFolderId: root, apiUrl: proxy.url, getToken: async () => mock.token, ...overrides })
  return { storage, uploads }
}

describe('Google Drive storage pacing', () => {
  it('coalesces writes to one path that wait behind a running one', async () => {
    const { storage, uploads } = await recorded({ pacing: false })
    await Promise.all(Array.from({ length: 6 }, (_, i) => storage.write('marker.json', text(`{"head":${i}}`))))
    expect(uploads).toHaveLength(2) // the first, then one for the five that waited
    expect(await storage.read('marker.json')).toEqual(text('{"head":5}'))
  })

  it('spaces writes to stay under its rate', async () => {
    const { storage, uploads } = await recorded({ pacing: { perSecond: 20, burst: 1 } })
    await Promise.all(Array.from({ length: 5 }, (_, i) => storage.write(`log/${i}.json`, text('{}'))))
    expect(uploads).toHaveLength(6) // the folder "log", then five files
    // 20 per second with no burst to spend: at least 50 ms between writes (a few ms of timer slack).
    expect(uploads.at(-1)! - uploads[0]!).toBeGreaterThanOrEqual(5 * 50 - 10)
  })
})
