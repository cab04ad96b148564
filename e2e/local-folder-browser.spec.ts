// The local-folder adapter in Chromium (File System Access API, on the origin private file
// system, which has the same interface as a folder from showDirectoryPicker): its layout, its
// refusals and its typed errors. The conformance cases run in storage-conformance.spec.ts.

import { expect, test, type Page } from '@playwright/test'
import { serveStoragePage, type ServedStoragePage } from './storage-page/serve-storage-page.ts'

test.describe.configure({ mode: 'serial' })

let served: ServedStoragePage
let page: Page
let counter = 0
const freshFolder = () => `local-folder-${Date.now().toString(36)}-${counter++}`

test.beforeAll(async ({ browser }) => {
  served = await serveStoragePage()
  page = await browser.newPage()
  await page.goto(served.url)
  await page.waitForFunction(() => window.storagePage !== undefined)
})

test.afterAll(async () => {
  await page?.close()
  await served?.close()
})

test('stores files as plain nested folders and files, readable without the adapter', async () => {
  const raw = await page.evaluate(async (folder) => {
    const storage = await window.storagePage.open({ kind: 'opfs', folder })
    await storage.write('ws/log/device-1/000000000001.json', new TextEncoder().encode('{"seq":1}'))
    let dir = await (await window.storagePage.opfsRoot()).getDirectoryHandle(folder)
    for (const name of ['ws', 'log', 'device-1']) dir = await dir.getDirectoryHandle(name)
    return (await (await dir.getFileHandle('000000000001.json')).getFile()).text()
  }, freshFolder())
  expect(raw).toBe('{"seq":1}')
})

test('reports a folder deleted under it as missing-root, for every operation', async () => {
  const outcomes = await page.evaluate(
    async (folder) => {
      const { settle } = window.storagePage
      const storage = await window.storagePage.open({ kind: 'opfs', folder })
      await storage.write('a/b.json', new Uint8Array([1]))
      await (await window.storagePage.opfsRoot()).removeEntry(folder, { recursive: true })
      return {
        read: await settle(storage.read('a/b.json')),
        readTop: await settle(storage.read('x.json')),
        write: await settle(storage.write('a/c.json', new Uint8Array([2]))),
        delete: await settle(storage.delete('a/b.json')),
        list: await settle(storage.list('')),
      }
    },
    freshFolder(),
  )
  for (const [operation, outcome] of Object.entries(outcomes)) {
    expect(outcome, operation).toMatchObject({ ok: false, name: 'StorageError', kind: 'missing-root' })
  }
})

test('refuses paths that could leave the folder or mean different things elsewhere', async () => {
  const outcomes = await page.evaluate(
    async (folder) => {
      const { settle } = window.storagePage
      const storage = await window.storagePage.open({ kind: 'opfs', folder })
      const paths = ['../escape.json', 'a/../../x.json', '/abs.json', 'a//b.json', '', 'a\\b.json', 'C:/x.json', 'x.json.crswap', 'a/x.clientful-tmp']
      const results: Record<string, unknown> = {}
      for (const path of paths) results[`write ${JSON.stringify(path)}`] = await settle(storage.write(path, new Uint8Array([1])))
      for (const prefix of ['../', '/', 'a//']) results[`list ${JSON.stringify(prefix)}`] = await settle(storage.list(prefix))
      const left: string[] = []
      for await (const name of (await (await window.storagePage.opfsRoot()).getDirectoryHandle(folder, { create: true })).keys()) left.push(name)
      return { results, left }
    },
    freshFolder(),
  )
  for (const [what, outcome] of Object.entries(outcomes.results)) expect(outcome, what).toMatchObject({ ok: false, kind: 'invalid' })
  expect(outcomes.left).toEqual([]) // nothing was written anywhere
})

test('answers a file where a folder should be (and the reverse) as invalid or absent', async () => {
  const outcomes = await page.evaluate(
    async (folder) => {
      const { settle } = window.storagePage
      const storage = await window.storagePage.open({ kind: 'opfs', folder })
      await storage.write('file.json', new Uint8Array([1]))
      await storage.write('dir/inner.json', new Uint8Array([2]))
      return {
        writeBelowFile: await settle(storage.write('file.json/x.json', new Uint8Array([3]))),
        readBelowFile: await settle(storage.read('file.json/x.json')),
        readFolder: await settle(storage.read('dir')),
        deleteFolder: await settle(storage.delete('dir')),
        writeOverFolder: await settle(storage.write('dir', new Uint8Array([4]))),
        list: await settle(storage.list('')),
      }
    },
    freshFolder(),
  )
  expect(outcomes.writeBelowFile).toMatchObject({ ok: false, kind: 'invalid' })
  expect(outcomes.readBelowFile).toEqual({ ok: true })
  expect(outcomes.readFolder).toEqual({ ok: true })
  expect(outcomes.deleteFolder).toMatchObject({ ok: false, kind: 'invalid' })
  expect(outcomes.writeOverFolder).toMatchObject({ ok: false, kind: 'invalid' })
  expect(outcomes.list).toEqual({ ok: true, value: ['dir/inner.json', 'file.json'] })
})

test("does not list the browser's swap files or Node's temp files", async () => {
  const listed = await page.evaluate(async (folder) => {
    const storage = await window.storagePage.open({ kind: 'opfs', folder })
    await storage.write('log/1.json', new Uint8Array([1]))
    const handle = await (await window.storagePage.opfsRoot()).getDirectoryHandle(folder)
    const log = await handle.getDirectoryHandle('log')
    await log.getFileHandle('2.json.crswap', { create: true }) // a write in flight, or one a crash left
    await log.getFileHandle('.abc.clientful-tmp', { create: true })
    return storage.list('')
  }, freshFolder())
  expect(listed).toEqual(['log/1.json'])
})
