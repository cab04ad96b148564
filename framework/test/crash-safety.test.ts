// A device killed at any moment restarts into a consistent state: a seal that died before its
// commit leaves no trace and its changes are sealed once; an envelope that arrived before one
// it depends on is never counted as applied, so a reload cannot lose it.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim'
import { createMemoryStorage } from '@clientful/storage-memory'
import { Clientful } from '../src/client.ts'
import { FileKeyStore } from '../src/platform/node/file-key-store.ts'
import { FileStorageAdapter } from '../src/platform/node/file-storage-adapter.ts'
import { paths } from '../src/format/paths.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import { actorBelongsTo } from '../src/identity/device-identity.ts'
import { changeActor } from '../src/docs/change-actor.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

/** The device's own disk, with one write that "crashes" the process (throws) when asked. */
class CrashingDisk implements StorageAdapterInterface {
  crashOn: ((key: StorageKey) => boolean) | undefined
  readonly #inner: StorageAdapterInterface
  constructor(inner: StorageAdapterInterface) {
    this.#inner = inner
  }
  load = (key: StorageKey) => this.#inner.load(key)
  loadRange = (prefix: StorageKey) => this.#inner.loadRange(prefix)
  remove = (key: StorageKey) => this.#inner.remove(key)
  removeRange = (prefix: StorageKey) => this.#inner.removeRange(prefix)
  save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (this.crashOn?.(key)) return Promise.reject(new Error('simulated crash'))
    return this.#inner.save(key, data)
  }
}

/** Storage that does not serve (read or list) the paths `hidden` holds, like a lagging or lossy one. */
function withHidden(inner: UserStorage, hidden: Set<string>): UserStorage {
  return {
    ...inner,
    location: inner.location,
    read: (path) => (hidden.has(path) ? Promise.resolve(undefined) : inner.read(path)),
    list: async (prefix, options) => (await inner.list(prefix, options)).filter((p) => !hidden.has(p)),
  }
}

describe('crash safety', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  it('a seal that dies before its commit leaves no trace: the changes are sealed once, under the next numbers', async () => {
    const home = await mkdtemp(join(tmpdir(), 'clientful-crash-'))
    cleanup.push(() => rm(home, { recursive: true, force: true }))
    const storage = createMemoryStorage('memory://crash')
    const open = storageRegistry({ [storage.location]: storage })
    const disk = new CrashingDisk(new FileStorageAdapter(join(home, 'data')))
    const keys = () => new FileKeyStore(join(home, 'keys.json'))
    const first = await Clientful.open({ local: disk, keys: keys(), openStorage: open })
    const ws = await first.createWorkspace({ name: 'Crash', storage: storage.location })
    await ws.sync()
    const tasks = await ws.doc<Record<string, string>>('tasks')
    tasks.change((d) => void (d.a = 'before the crash'))
    await ws.seal()
    const committed = ws.parts.outbox.lastSeq

    // The next seal writes its record, then dies writing its commit point.
    tasks.change((d) => void (d.b = 'sealed while crashing'))
    disk.crashOn = (key) => key.at(-1) === 'sealed'
    await expect(ws.seal()).rejects.toThrow('simulated crash')
    // Nobody may see the half-done seal: not the pusher, not the relay.
    expect(ws.parts.outbox.lastSeq).toBe(committed)

    // "Restart": a new engine over the same disk (the dead one is never used again).
    disk.crashOn = undefined
    const second = await Clientful.open({ local: new FileStorageAdapter(join(home, 'data')), keys: keys(), openStorage: open })
    cleanup.push(() => second.close())
    const again = await second.workspace(ws.id)
    expect(again.parts.outbox.lastSeq).toBe(committed)
    expect((await again.parts.outbox.pending()).every((r) => r.seq <= committed)).toBe(true)
    ;(await again.doc<Record<string, string>>('tasks')).change((d) => void (d.c = 'after the restart'))
    await again.sync()

    // Every change of this device is in exactly one envelope, numbered 1..n without gaps.
    const docs = await again.parts.docs.ids()
    let own = 0
    for (const id of docs) own += A.getAllChanges((await again.parts.docs.open(id)).doc()).filter((c) => actorBelongsTo(changeActor(c), again.deviceId)).length
    const records = []
    for (let seq = 1; seq <= again.parts.outbox.lastSeq; seq++) records.push(await again.parts.outbox.record(seq))
    expect(records.every((r, i) => r?.seq === i + 1)).toBe(true)
    expect(records.reduce((sum, r) => sum + r!.changes, 0)).toBe(own)
    const listed = await storage.list(paths.logPrefix(ws.id, ws.deviceId))
    expect(listed).toHaveLength(again.parts.outbox.lastSeq)

    const reader = await createDevice(open)
    cleanup.push(() => reader.close())
    const other = await reader.client.join(await again.createInvite({ role: 'reader' }))
    await other.sync()
    expect((await other.findDoc('tasks'))?.doc()).toEqual({ a: 'before the crash', b: 'sealed while crashing', c: 'after the restart' })
  })

  it('an envelope that builds on another device’s missing one is applied only once that one is, across a reload', async () => {
    const storage = createMemoryStorage('memory://held')
    const hidden = new Set<string>()
    const open = storageRegistry({ [storage.location]: storage })
    const first = await createDevice(open)
    const second = await createDevice(open)
    let reader: TestDevice = await createDevice(storageRegistry({ [storage.location]: withHidden(storage, hidden) }))
    cleanup.push(() => first.close(), () => second.close(), () => reader.close())
    const alice = await first.client.createWorkspace({ name: 'Held', storage: storage.location })
    const bob = await second.client.join(await alice.createInvite({ role: 'writer' }))
    const joined = await reader.client.join(await alice.createInvite({ role: 'reader' }))
    await alice.sync()

    // Bob's edit builds on Alice's; the reader's storage does not serve Alice's.
    ;(await alice.doc<Record<string, string>>('tasks')).change((d) => void (d.first = 'by alice'))
    const [aliceEnvelope] = await alice.seal()
    await alice.sync()
    await bob.sync()
    ;(await bob.doc<Record<string, string>>('tasks')).change((d) => void (d.second = `by bob, after ${d.first}`))
    await bob.sync()
    hidden.add(paths.envelope(alice.id, alice.deviceId, aliceEnvelope!.seq))

    const report = await joined.sync()
    expect(report.pulled.held[bob.deviceId]).toBe(1)
    expect(joined.status.problems).toContainEqual(expect.objectContaining({ kind: 'waiting-for-changes', device: bob.deviceId }))
    expect((await joined.parts.progress.get(bob.deviceId)).has(bob.parts.outbox.lastSeq)).toBe(false)

    // A reload drops what Automerge had queued in memory; progress must not claim it.
    reader = await reader.reopen()
    const reopened = await reader.client.workspace(alice.id)
    hidden.clear()
    await reopened.sync()
    expect((await reopened.findDoc('tasks'))?.doc()).toEqual({ first: 'by alice', second: 'by bob, after by alice' })
    expect((await reopened.parts.progress.get(bob.deviceId)).highWater).toBe(bob.parts.outbox.lastSeq)
    expect(reopened.status.problems).toEqual([])
  })
})
