// Healing what went wrong before one engine per device: two engines on one device (two tabs,
// two CLI processes of an older version) sealed envelopes under the same numbers, and storage
// kept one of each pair. The device notices on its first sync after upgrading, keeps storage's
// envelopes (peers have them), seals the changes no stored envelope carries again, uploads
// files storage lost, and says what it repaired; peers stuck behind the gap catch up.

import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage } from '@clientful/storage-memory'
import { Clientful } from '../src/client.ts'
import { FileKeyStore } from '../src/platform/node/file-key-store.ts'
import { FileStorageAdapter } from '../src/platform/node/file-storage-adapter.ts'
import { LocalStore } from '../src/local/local-store.ts'
import { paths } from '../src/format/paths.ts'
import { ONE_ENGINE_MARK } from '../src/sync/own-log-checks.ts'
import type { SyncProblem } from '../src/api/workspace-status.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import type { EnvelopeCrypto } from '../src/sync/envelope-crypto.ts'
import { createDevice, storageRegistry } from './support/devices.ts'

type Tasks = Record<string, string>

/** The older version sealed version 1 envelopes (no chain, no digest): so does this engine now. */
function sealVersionOne(ws: Workspace): Workspace {
  const crypto = ws.parts.crypto as { seal: EnvelopeCrypto['seal'] }
  const seal = crypto.seal.bind(crypto)
  crypto.seal = (header, plaintext) => {
    const { prev: _prev, own: _own, ...older } = header
    return seal({ ...older, v: 1 }, plaintext)
  }
  return ws
}

describe('healing a device log that two engines wrote', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  /** Device A as an older version ran it: two engines over one home, no lock. */
  async function legacySetup() {
    const home = await mkdtemp(join(tmpdir(), 'clientful-legacy-'))
    cleanup.push(() => rm(home, { recursive: true, force: true }))
    const storage = createMemoryStorage('memory://legacy')
    const openStorage = storageRegistry({ [storage.location]: storage })
    const engine = () => Clientful.open({ local: new FileStorageAdapter(join(home, 'data')), keys: new FileKeyStore(join(home, 'keys.json')), openStorage })
    const first = await engine()
    const ws1 = sealVersionOne(await first.createWorkspace({ name: 'Legacy', storage: storage.location }))
    const peer = await createDevice(openStorage)
    cleanup.push(() => peer.close())
    const b = await peer.client.join(await ws1.createInvite({ role: 'writer' }))
    await ws1.sync()
    /** A second tab opening now: it reads the counter and the document as they are at this moment. */
    const secondTab = async (): Promise<Workspace> => {
      const ws = sealVersionOne(await (await engine()).workspace(ws1.id))
      await ws.doc('tasks')
      return ws
    }
    const upgraded = async (): Promise<Workspace> => {
      // The data predates the one-engine mark of this version.
      await new LocalStore(new FileStorageAdapter(join(home, 'data'))).delete(['ws', ws1.id, ONE_ENGINE_MARK])
      const client = await Clientful.open({ local: new FileStorageAdapter(join(home, 'data')), keys: new FileKeyStore(join(home, 'keys.json')), openStorage })
      cleanup.push(() => client.close())
      return client.workspace(ws1.id)
    }
    return { storage, ws1, secondTab, b, upgraded }
  }

  const edit = async (ws: Workspace, key: string) => (await ws.doc<Tasks>('tasks')).change((d) => void (d[key] = `${key} edit`))
  const repaired = (problems: readonly SyncProblem[]) => problems.find((p) => p.kind === 'own-log-repaired')

  it('keeps the envelope storage has, seals the other engine’s changes again, re-uploads a lost file', async () => {
    const { storage, ws1, secondTab, b, upgraded } = await legacySetup()
    await edit(ws1, 'base')
    await ws1.sync() // envelopes up to N-1 in storage
    const lostSeq = ws1.parts.outbox.lastSeq
    const ws2 = await secondTab()
    await edit(ws1, 'tab-one')
    const [one] = await ws1.seal()
    await ws1.sync() // storage holds tab one's envelope N
    await edit(ws2, 'tab-two')
    const [two] = await ws2.seal() // tab two sealed its own envelope N over the same local record
    expect(two!.seq).toBe(one!.seq)
    await storage.delete(paths.envelope(ws1.id, ws1.deviceId, lostSeq)) // and storage lost an older file

    const a = await upgraded()
    const report = await a.sync()
    expect(repaired(a.status.problems)).toMatchObject({ kind: 'own-log-repaired', lost: 1, collisions: 1 })
    expect(repaired(a.status.problems)!.kind === 'own-log-repaired' && repaired(a.status.problems)!.resealed).toBeGreaterThan(0)
    expect(report.pushed.envelopes).toBeGreaterThan(0)

    await b.sync()
    expect((await b.findDoc<Tasks>('tasks'))?.doc()).toEqual({ base: 'base edit', 'tab-one': 'tab-one edit', 'tab-two': 'tab-two edit' })
    expect(await b.rejected()).toEqual([])
    expect(b.status.problems).toEqual([])
    // Storage holds what the device now says it sealed under every number.
    for (let seq = 1; seq <= a.parts.outbox.lastSeq; seq++) {
      const stored = await storage.read(paths.envelope(a.id, a.deviceId, seq))
      expect(new TextDecoder().decode(stored)).toBe((await a.parts.outbox.record(seq))!.file)
    }
  })

  it('a peer stuck behind a lost envelope shows it and catches up once the author heals', async () => {
    const { ws1, secondTab, b, upgraded } = await legacySetup()
    const ws2 = await secondTab()
    await edit(ws1, 'tab-one')
    await ws1.seal()
    await edit(ws2, 'tab-two')
    await ws2.seal()
    await ws2.sync() // storage holds tab two's envelope N; tab one's is lost
    await edit(ws1, 'after') // builds on tab one's lost change
    await ws1.sync()

    await b.sync()
    const stuck = b.status.problems.find((p) => p.kind === 'waiting-for-changes')
    expect(stuck).toMatchObject({ kind: 'waiting-for-changes', device: ws1.deviceId })
    expect((await b.findDoc<Tasks>('tasks'))?.doc()).not.toHaveProperty('after')

    const a = await upgraded()
    await a.sync()
    expect(repaired(a.status.problems)).toBeDefined()
    await b.sync()
    expect((await b.findDoc<Tasks>('tasks'))?.doc()).toEqual({ 'tab-one': 'tab-one edit', 'tab-two': 'tab-two edit', after: 'after edit' })
    expect(b.status.problems).toEqual([])
  })

  it('a file storage lost from the middle of the log is missed by peers until the device’s next session uploads it again', async () => {
    const storage = createMemoryStorage('memory://lost')
    const openStorage = storageRegistry({ [storage.location]: storage })
    let deviceA = await createDevice(openStorage)
    const peer = await createDevice(openStorage)
    cleanup.push(() => peer.close(), () => deviceA.close())
    let a = await deviceA.client.createWorkspace({ name: 'Lost', storage: storage.location })
    const b = await peer.client.join(await a.createInvite({ role: 'reader' }))
    for (const key of ['one', 'two', 'three']) {
      await edit(a, key)
      await a.sync()
    }
    await storage.delete(paths.envelope(a.id, a.deviceId, 2))

    await b.sync()
    // #2 is missing, so #2 and #3 (which cannot be applied before it) have not arrived.
    expect(b.status.problems).toEqual([expect.objectContaining({ kind: 'missing-envelopes', device: a.deviceId, count: 2 })])

    deviceA = await deviceA.reopen()
    a = await deviceA.client.workspace(a.id)
    await a.sync()
    expect(repaired(a.status.problems)).toMatchObject({ lost: 1, collisions: 0 })
    await b.sync()
    expect(b.status.problems).toEqual([])
    expect((await b.findDoc<Tasks>('tasks'))?.doc()).toEqual({ one: 'one edit', two: 'two edit', three: 'three edit' })
  })
})
