// One device, many tabs (invariant 12), with the tab logic's real parts: a BroadcastChannel
// between tabs, real engines on one device's home, real storage; only the lock is a stand-in
// for Web Locks (Chromium runs the real one in e2e/multi-tab.spec.ts). One tab runs the engine;
// an edit in any tab shows in every tab at once and is sealed once; when the engine tab
// closes, the next one takes over with every edit, none sealed twice, no number reused.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage } from '@clientful/storage-memory'
import { Clientful } from '../src/client.ts'
import { FileKeyStore } from '../src/platform/node/file-key-store.ts'
import { FileStorageAdapter } from '../src/platform/node/file-storage-adapter.ts'
import { broadcastTabChannel } from '../src/tabs/broadcast-tab-channel.ts'
import { TabClient } from '../src/tabs/tab-client.ts'
import type { DocHandle } from '../src/docs/doc-handle.ts'
import { paths } from '../src/format/paths.ts'
import { createDevice, storageRegistry } from './support/devices.ts'
import { memoryLocks } from './support/memory-lock.ts'

type Tasks = Record<string, string>

/** Resolves when the document in that tab satisfies the condition (checked on every change). */
function shows(handle: DocHandle<Tasks>, condition: (doc: Tasks) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition(handle.doc())) return resolve()
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000)
    const off = handle.on('change', ({ doc }) => {
      if (!condition(doc as Tasks)) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}

describe('tabs of one device', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined)
  })

  async function device() {
    const home = await mkdtemp(join(tmpdir(), 'clientful-tabs-'))
    cleanup.push(() => rm(home, { recursive: true, force: true }))
    const storage = createMemoryStorage('memory://tabs')
    const openStorage = storageRegistry({ [storage.location]: storage })
    const locks = memoryLocks()
    const name = `tabs-${Math.random()}`
    let opened = 0
    const openTab = async (): Promise<TabClient> => {
      const tab = await TabClient.open({
        channel: broadcastTabChannel(name),
        lock: locks('engine'),
        tabId: `tab-${++opened}`,
        openEngine: () => Clientful.open({ local: new FileStorageAdapter(join(home, 'data')), keys: new FileKeyStore(join(home, 'keys.json')), openStorage }),
      })
      cleanup.push(() => tab.close())
      return tab
    }
    return { storage, openStorage, openTab }
  }

  it('an edit in any tab shows in every tab at once, and the engine seals each edit once', async () => {
    const { storage, openStorage, openTab } = await device()
    const first = await openTab()
    const [second, third] = [await openTab(), await openTab()]
    expect([first.runsEngine, second.runsEngine, third.runsEngine]).toEqual([true, false, false])
    expect(second.deviceId).toBe(first.deviceId)

    const created = await first.createWorkspace({ name: 'Tabs', storage: storage.location })
    const views = await Promise.all([first, second, third].map(async (tab) => (await tab.workspace(created.id)).doc<Tasks>('tasks')))
    views[1]!.change((d) => void (d.fromSecond = 'two'))
    views[2]!.change((d) => void (d.fromThird = 'three'))
    views[0]!.change((d) => void (d.fromFirst = 'one'))
    const all = (doc: Tasks) => doc.fromFirst === 'one' && doc.fromSecond === 'two' && doc.fromThird === 'three'
    await Promise.all(views.map((view, i) => shows(view, all, `every edit in tab ${i + 1}`)))

    await (await third.workspace(created.id)).sync() // asked from a tab that does not run the engine
    const peer = await createDevice(openStorage)
    cleanup.push(() => peer.close())
    const other = await peer.client.join(await created.createInvite({ role: 'reader' }))
    await other.sync()
    expect((await other.findDoc<Tasks>('tasks'))?.doc()).toEqual({ fromFirst: 'one', fromSecond: 'two', fromThird: 'three' })
    const log = await storage.list(paths.logPrefix(created.id, first.deviceId))
    const changes = A.getAllChanges(views[0]!.doc()).length
    expect(log.length).toBeGreaterThan(0)
    expect(changes).toBe(3) // one change per edit, none doubled by the round trip through the engine
  })

  it('when the engine tab closes, the next tab takes over with every edit and no number reused', async () => {
    const { storage, openStorage, openTab } = await device()
    const first = await openTab()
    const second = await openTab()
    const ws = await first.createWorkspace({ name: 'Hand-over', storage: storage.location })
    await ws.sync()
    const view = await (await second.workspace(ws.id)).doc<Tasks>('tasks')
    view.change((d) => void (d.before = 'sealed by the first engine'))
    await shows(await ws.doc<Tasks>('tasks'), (d) => d.before !== undefined, 'the engine to have the edit')
    await ws.sync()
    const sealedBefore = (await storage.list(paths.logPrefix(ws.id, first.deviceId))).length

    await first.close()
    view.change((d) => void (d.during = 'made while no tab ran the engine'))
    await shows(view, (d) => d.during !== undefined, 'the edit in its own tab')
    const workspace = await second.workspace(ws.id)
    await workspace.sync()
    expect(second.runsEngine).toBe(true)
    view.change((d) => void (d.after = 'made in the new engine tab'))
    await workspace.sync()

    const log = await storage.list(paths.logPrefix(ws.id, second.deviceId))
    expect(log.length).toBeGreaterThan(sealedBefore)
    expect(log).toEqual(Array.from({ length: log.length }, (_, i) => paths.envelope(ws.id, second.deviceId, i + 1)))
    const peer = await createDevice(openStorage)
    cleanup.push(() => peer.close())
    const other = await peer.client.join(await workspace.createInvite({ role: 'reader' }))
    await other.sync()
    expect((await other.findDoc<Tasks>('tasks'))?.doc()).toEqual({ before: 'sealed by the first engine', during: 'made while no tab ran the engine', after: 'made in the new engine tab' })
    expect(await other.rejected()).toEqual([])
  })
})
