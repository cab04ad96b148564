// Drive allows many items of one name in one folder, and its name queries lag behind writes,
// so devices that could not see each other's work create duplicates. Set up here with direct
// API calls, as another device would have left them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { createGdriveStorage, type GdriveStorageOptions } from '../src/index.ts'
import { startDriveProxy, type DriveProxy } from './drive-proxy.ts'
import { rawDrive, type RawDrive } from './raw-drive.ts'

const text = (s: string) => new TextEncoder().encode(s)

let mock: RunningDriveMock
let raw: RawDrive
let proxy: DriveProxy | undefined
beforeAll(async () => {
  mock = await startDriveMock()
  raw = rawDrive(mock)
})
afterAll(() => mock.stop())
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

const storageIn = (rootFolderId: string, overrides: Partial<GdriveStorageOptions> = {}) =>
  createGdriveStorage({ rootFolderId, apiUrl: mock.url, getToken: async () => mock.token, pacing: false, folderCacheMs: 0, ...overrides })

describe('Google Drive storage with duplicate folders', () => {
  it('merges the children of every copy of a folder, and writes new files into the oldest', async () => {
    const root = await mock.createFolder('root')
    const older = await raw.createFolder(root, 'ws')
    const newer = await raw.createFolder(root, 'ws') // a second device did not see the first
    const olderLog = await raw.createFolder(older.id, 'log')
    const newerLog = await raw.createFolder(newer.id, 'log')
    await raw.createFile(olderLog.id, 'a.json', '{"device":"a"}')
    await raw.createFile(newerLog.id, 'b.json', '{"device":"b"}')
    await raw.createFile(newer.id, 'only-in-newer.json', '{}')

    const storage = storageIn(root)
    expect(await storage.list('ws/')).toEqual(['ws/log/a.json', 'ws/log/b.json', 'ws/only-in-newer.json'])
    expect(await storage.read('ws/log/b.json')).toEqual(text('{"device":"b"}'))

    await storage.write('ws/log/c.json', text('{"device":"c"}'))
    expect((await raw.children(olderLog.id)).map((f) => f.name).sort()).toEqual(['a.json', 'c.json'])
    expect((await raw.children(newerLog.id)).map((f) => f.name)).toEqual(['b.json'])
    // And writes to a file that lives in the newer copy update it there, never a second copy.
    await storage.write('ws/log/b.json', text('{"device":"b","v":2}'))
    expect((await raw.children(newerLog.id)).map((f) => f.name)).toEqual(['b.json'])
    expect((await raw.children(olderLog.id)).map((f) => f.name).sort()).toEqual(['a.json', 'c.json'])
    expect(await storageIn(root).read('ws/log/b.json')).toEqual(text('{"device":"b","v":2}'))
  })

  it('creates a new folder once when many writes need it at the same moment', async () => {
    const root = await mock.createFolder('root')
    const storage = storageIn(root)
    await Promise.all(Array.from({ length: 12 }, (_, i) => storage.write(`ws/log/dev/${i}.json`, text(`${i}`))))
    expect((await raw.children(root)).map((f) => f.name)).toEqual(['ws'])
    const ws = (await raw.children(root))[0]!.id
    expect((await raw.children(ws)).map((f) => f.name)).toEqual(['log'])
    expect(await storage.list('ws/log/dev/')).toHaveLength(12)
  })
})

describe('Google Drive storage with duplicate files', () => {
  it('reads the most recently written copy and lists the path once', async () => {
    const root = await mock.createFolder('root')
    await raw.createFile(root, 'marker.json', '{"seq":1}')
    await raw.createFile(root, 'marker.json', '{"seq":2}') // the same device, restarted, could not find its file
    const storage = storageIn(root)
    expect(await storage.list('')).toEqual(['marker.json'])
    expect(await storage.read('marker.json')).toEqual(text('{"seq":2}'))
  })

  it("lets the file's one writer update the winning copy and remove the others", async () => {
    const root = await mock.createFolder('root')
    await raw.createFile(root, 'marker.json', '{"seq":1}')
    const winner = await raw.createFile(root, 'marker.json', '{"seq":2}')
    await storageIn(root).write('marker.json', text('{"seq":3}'))
    const left = await raw.children(root)
    expect(left.map((f) => f.id)).toEqual([winner.id])
    expect(await raw.download(winner.id)).toEqual(text('{"seq":3}'))
  })

  it('deletes every copy', async () => {
    const root = await mock.createFolder('root')
    await raw.createFile(root, 'gone.json', '{"n":1}')
    await raw.createFile(root, 'gone.json', '{"n":2}')
    const storage = storageIn(root)
    await storage.delete('gone.json')
    expect(await raw.children(root)).toEqual([])
    expect(await storage.read('gone.json')).toBeUndefined()
  })

  it('ignores Google Docs and shortcuts, which are not bytes it could read', async () => {
    const root = await mock.createFolder('root')
    await raw.createFile(root, 'notes', 'x', 'application/vnd.google-apps.document')
    await raw.createFile(root, 'real.json', '{}')
    const storage = storageIn(root)
    expect(await storage.list('')).toEqual(['real.json'])
    expect(await storage.read('notes')).toBeUndefined()
  })
})

describe('Google Drive storage resolves names once, then works by id', () => {
  it('keeps reading a file by its id after it was renamed in Drive', async () => {
    const root = await mock.createFolder('root')
    const storage = storageIn(root)
    await storage.write('a.json', text('{"v":1}'))
    const [file] = await raw.children(root)
    await raw.patch(file!.id, { name: 'renamed-by-hand.json' })
    expect(await storage.read('a.json')).toEqual(text('{"v":1}'))
    expect(await storageIn(root).read('a.json')).toBeUndefined() // a fresh device looks names up
  })

  it('looks a file up again once its cached id is gone (deleted elsewhere, then recreated)', async () => {
    const root = await mock.createFolder('root')
    const [reader, writer] = [storageIn(root), storageIn(root)]
    await writer.write('a.json', text('{"v":1}'))
    expect(await reader.read('a.json')).toEqual(text('{"v":1}'))
    await writer.delete('a.json')
    expect(await reader.read('a.json')).toBeUndefined()
    await writer.write('a.json', text('{"v":2}'))
    expect(await reader.read('a.json')).toEqual(text('{"v":2}'))
  })

  it('asks Drive for names only on first use', async () => {
    const root = await mock.createFolder('root')
    proxy = await startDriveProxy(mock.url, {})
    const storage = createGdriveStorage({ rootFolderId: root, apiUrl: proxy.url, getToken: async () => mock.token, pacing: false })
    await storage.write('ws/log/1.json', text('{}'))
    const queries = () => proxy!.requests.filter((r) => r.url.includes('q=')).length
    const afterFirst = queries()
    await storage.write('ws/log/1.json', text('{"again":true}'))
    await storage.read('ws/log/1.json')
    expect(queries()).toBe(afterFirst)
  })
})

describe("Google Drive storage and Drive's lagging listings", () => {
  it("lists this device's just-created files and hides its just-deleted ones until Drive catches up", async () => {
    const root = await mock.createFolder('root')
    let stale: unknown[] = []
    let lagging = true
    proxy = await startDriveProxy(mock.url, {
      // Plays a listing that has not caught up: it misses new.json and still shows old.json.
      rewrite: (request, json) => {
        const q = new URL(request.url, mock.url).searchParams.get('q')
        if (!lagging || q === null || q.includes('name =')) return json // folder listings only
        const page = json as { files: { name: string }[] }
        return { ...page, files: [...page.files.filter((f) => f.name !== 'new.json'), ...stale] }
      },
    })
    const storage = createGdriveStorage({ rootFolderId: root, apiUrl: proxy.url, getToken: async () => mock.token, pacing: false })
    const otherDevice = createGdriveStorage({ rootFolderId: root, apiUrl: proxy.url, getToken: async () => mock.token, pacing: false })
    await storage.write('old.json', text('{}'))
    stale = (await raw.children(root)).map((f) => ({ ...f, parents: undefined }))
    await storage.delete('old.json')
    await storage.write('new.json', text('{}'))

    expect(await otherDevice.list('')).toEqual(['old.json']) // what Drive's listing says
    expect(await storage.list('')).toEqual(['new.json']) // corrected by what this device did
    lagging = false
    expect(await otherDevice.list('')).toEqual(['new.json'])
  })
})
