import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createMemoryStorage } from '@clientful/storage-memory'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

const URL = 'memory://shared'

describe('two devices share a workspace through storage', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  async function pair() {
    const open = storageRegistry({ [URL]: createMemoryStorage(URL) })
    const alice = await createDevice(open)
    const bob = await createDevice(open)
    devices.push(alice, bob)
    const wsA = await alice.client.createWorkspace({ name: 'Field team', storage: URL })
    const code = await wsA.createInvite({ role: 'writer' })
    const wsB = await bob.client.join(code)
    return { alice, bob, wsA, wsB }
  }

  it('joins with an invite and sees the workspace name', async () => {
    const { wsA, wsB } = await pair()
    expect(wsB.id).toBe(wsA.id)
    expect(wsB.name).toBe('Field team')
    expect(wsB.role).toBe('writer')
  })

  it('an edit on one device arrives on the other after sync', async () => {
    const { wsA, wsB } = await pair()
    const doc = await wsA.doc<{ title?: string }>('tasks')
    doc.change((d) => void (d.title = 'Fix the pump'))
    await wsA.sync()
    const report = await wsB.sync()
    expect(report.pulled.envelopes).toBeGreaterThan(0)
    expect(report.pulled.rejected).toEqual([])
    expect((await wsB.doc<{ title?: string }>('tasks')).doc().title).toBe('Fix the pump')
  })

  it('concurrent offline edits converge to the same state', async () => {
    const { wsA, wsB } = await pair()
    const a = await wsA.doc<Record<string, string>>('tasks')
    const b = await wsB.doc<Record<string, string>>('tasks')
    a.change((d) => void (d.t1 = 'from alice'))
    b.change((d) => void (d.t1 = 'from bob'))
    b.change((d) => void (d.t2 = 'only bob'))
    await wsA.sync()
    await wsB.sync()
    await wsA.sync()
    expect(A.toJS(a.doc())).toEqual(A.toJS(b.doc()))
    expect(b.doc().t2).toBe('only bob')
  })
})
