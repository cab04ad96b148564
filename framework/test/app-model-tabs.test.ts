// Typed documents code against WorkspaceApi, so they work the same in a tab that does not run
// the device's engine (the tab proxy) as in the one that does.

import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage } from '@clientful/storage-memory'
import { Clientful } from '../src/client.ts'
import { FileKeyStore } from '../src/platform/node/file-key-store.ts'
import { FileStorageAdapter } from '../src/platform/node/file-storage-adapter.ts'
import { broadcastTabChannel } from '../src/tabs/broadcast-tab-channel.ts'
import { TabClient } from '../src/tabs/tab-client.ts'
import { storageRegistry } from './support/devices.ts'
import { memoryLocks } from './support/memory-lock.ts'
import { boardV1, project, task } from './support/board-model.ts'
import type { DocumentView } from '../src/app-model/index.ts'

describe('typed documents in every tab', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined)
  })

  it('a write in a tab without the engine is checked there, and shows typed in the engine tab', async () => {
    const home = await mkdtemp(join(tmpdir(), 'clientful-app-tabs-'))
    cleanup.push(() => rm(home, { recursive: true, force: true }))
    const storage = createMemoryStorage('memory://app-tabs')
    const locks = memoryLocks()
    const name = `app-tabs-${Math.random()}`
    const openTab = async (n: number) => {
      const tab = await TabClient.open({
        channel: broadcastTabChannel(name),
        lock: locks('engine'),
        tabId: `tab-${n}`,
        openEngine: () => Clientful.open({ local: new FileStorageAdapter(join(home, 'data')), keys: new FileKeyStore(join(home, 'keys.json')), openStorage: storageRegistry({ [storage.location]: storage }) }),
      })
      cleanup.push(() => tab.close())
      return tab
    }
    const engineTab = await openTab(1)
    const otherTab = await openTab(2)
    expect([engineTab.runsEngine, otherTab.runsEngine]).toEqual([true, false])
    const created = await engineTab.createWorkspace({ name: 'Tabs', storage: storage.location })
    const inEngine = await boardV1.open(await engineTab.workspace(created.id))
    const inOther = await boardV1.open(await otherTab.workspace(created.id))

    expect(inOther.access).toEqual({ writable: true })
    expect(inOther.put('project:1', project('Pumps'))).toEqual({ ok: true })
    expect(inOther.put('task:1', { ...task('Fix the pump', 'project:1'), status: 'archived' } as never)).toMatchObject({ ok: false, reason: 'invalid-entry' })
    expect(inOther.put('task:1', task('Fix the pump', 'project:1'))).toEqual({ ok: true })
    await new Promise<void>((resolve) => {
      const done = (view: DocumentView<unknown>) => view.entries.has('task:1')
      if (done(inEngine.read())) return resolve()
      const off = inEngine.on('change', (view) => done(view) && (off(), resolve()))
    })
    expect(inEngine.get('task:1')).toEqual(task('Fix the pump', 'project:1'))
  })
})
