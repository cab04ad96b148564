// Documents load only when opened: a device that starts from a snapshot of many documents
// stores them without loading them, and opens the one it needs from its disk; the index of a
// device's documents is written once per flush, not once per new document.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'
import { createMemoryStorage } from '@clientful/storage-memory'

type Notes = Record<string, number>
const DOCS = 40

describe('lazy documents', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close()
  })

  async function device(open: ReturnType<typeof storageRegistry>): Promise<TestDevice> {
    const d = await createDevice(open)
    devices.push(d)
    return d
  }

  it('a device starting from a snapshot loads none of its documents until one is opened', async () => {
    const storage = createMemoryStorage('memory://lazy')
    const open = storageRegistry({ [storage.location]: storage })
    const founder = await (await device(open)).client.createWorkspace({ name: 'Lazy', storage: storage.location })
    const heads: string[] = []
    for (let i = 0; i < DOCS; i++) {
      const doc = await founder.doc<Notes>(`doc-${i}`)
      doc.change((d) => void (d.n = i))
      heads.push(A.getHeads(doc.doc()).join())
    }
    await founder.sync()
    await founder.publishSnapshot()

    const newcomer: Workspace = await (await device(open)).client.join(await founder.createInvite({ role: 'writer' }))
    const report = await newcomer.sync()
    expect(report.pulled.envelopes).toBe(0) // everything came from the snapshot
    const loaded = newcomer.parts.docs.loaded()
    expect(loaded.length).toBeLessThan(4) // the framework's own (the name index), not the app's
    expect((await newcomer.parts.docs.ids()).length).toBeGreaterThanOrEqual(DOCS)

    const seventh = await newcomer.doc<Notes>('doc-7')
    expect(seventh.doc().n).toBe(7)
    expect(A.getHeads(seventh.doc()).join()).toBe(heads[7])
    // That one, and the name index it is looked up in: still not the other 39.
    expect(newcomer.parts.docs.loaded()).toContain(seventh.id)
    expect(newcomer.parts.docs.loaded().length).toBeLessThan(5)
  })

  it('many new documents in one task: the index lists all of them after one flush, and after a restart', async () => {
    const storage = createMemoryStorage('memory://index')
    const open = storageRegistry({ [storage.location]: storage })
    const d = await device(open)
    const ws = await d.client.createWorkspace({ name: 'Index', storage: storage.location })
    const ids: string[] = []
    for (let i = 0; i < DOCS; i++) {
      const doc = await ws.doc<Notes>(`many-${i}`)
      doc.change((x) => void (x.i = i))
      ids.push(doc.id)
    }
    await ws.parts.docs.flush()
    expect(await ws.parts.docs.ids()).toEqual(expect.arrayContaining(ids))
    const reopened = await d.reopen()
    devices.splice(devices.indexOf(d), 1, reopened)
    const again = await reopened.client.workspace(ws.id)
    expect(await again.parts.docs.ids()).toEqual(expect.arrayContaining(ids))
    expect((await again.doc<Notes>('many-9')).doc().i).toBe(9)
  })
})
