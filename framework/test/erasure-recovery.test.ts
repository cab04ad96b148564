// Erasure where it is easiest to get wrong (docs/ERASURE.md):
//  5. an erased document's changes arriving over the relay, and in a snapshot published before
//     the erasure, are dropped; the old snapshot checks out once its authors' redactions exist;
//  6. a device whose rewrite stopped half-way (storage took some redactions, then nothing) shows
//     `erasure-pending` and finishes at its next sync: no file holds the text any more;
//  7. edits of the erased document made offline by a device that had not seen the erasure are
//     dropped everywhere and resurrect nothing; its later edits of other documents arrive.
// Attacks by members: erasure-attacks.test.ts.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { EnvelopeCrypto } from '../src/sync/envelope-crypto.ts'
import * as A from '@automerge/automerge'
import { createLocalFolderStorage } from '@clientful/storage-local'
import { createMemoryStorage } from '@clientful/storage-memory'
import { encodeEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import type { EpochKeys } from '../src/crypto/epoch-keys.ts'
import type { ReadOptions, UserStorage } from '../src/storage/user-storage.ts'
import { receiveRelayEnvelope } from '../src/sync/receive-relay-envelope.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { filesHolding } from '../../cli/test/support/erased-text.ts'
import { haltingStorage, idOf, openedDocs, storedEnvelope, syncAll, joinAsReader } from './support/erasure-forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

type Doc = Record<string, string>

const SECRET = 'SWORDFISH-7431'

const edit = async (ws: Workspace, name: string, key: string, value = key) => (await ws.doc<Doc>(name)).change((d) => void (d[key] = value))
const contentOf = async (ws: Workspace, name: string): Promise<Doc> => {
  const handle = await ws.findDoc<Doc>(name)
  return handle ? A.toJS(handle.doc()) : {}
}
const pending = (ws: Workspace) => ws.status.problems.filter((p) => p.kind === 'erasure-pending')

/** Storage that notes every path read. */
function counted(inner: UserStorage) {
  const reads: string[] = []
  const storage: UserStorage = {
    ...inner,
    location: inner.location,
    read(path: string, options?: ReadOptions) {
      reads.push(path)
      return inner.read(path, options)
    },
  }
  return { storage, reads }
}

/** Every epoch key these devices hold, old ones included. */
function keysOf(workspaces: readonly Workspace[]): Map<string, EpochKeys> {
  const keys = new Map<string, EpochKeys>()
  for (const ws of workspaces) for (const id of ws.parts.keyring.held()) keys.set(id, ws.parts.keyring.get(id)!)
  return keys
}

describe('erasure, carried out against late, offline and interrupted devices', () => {
  let team: Team | undefined
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    await team?.close()
    team = undefined
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  const newcomer = (admin: Workspace, storage: UserStorage = team!.storage): Promise<Workspace> => joinAsReader(admin, team!.url, storage, cleanup)

  /** Leaves only `author`'s snapshot in storage: the one a newcomer then starts from. */
  async function onlySnapshotOf(author: Workspace): Promise<void> {
    for (const path of await team!.storage.list(paths.snapshotsPrefix(author.id))) {
      if (path !== paths.snapshot(author.id, author.deviceId)) await team!.storage.delete(path)
    }
  }

  it('5: an erased document is dropped over the relay and from a snapshot taken before the erasure, which checks out once its authors redacted', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, writer, publisher] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(writer, 'notes', 'vault', SECRET)
    await writer.sync()
    const notesSeq = writer.parts.outbox.lastSeq
    await edit(writer, 'plan', 'rope', 'Order more rope')
    await writer.sync()
    await syncAll([admin, publisher])
    expect(await contentOf(publisher, 'notes')).toEqual({ vault: SECRET })
    await publisher.publishSnapshot()
    const notes = await idOf(admin, 'notes')
    await admin.erase({ docIds: [notes] })
    await admin.sync()

    // The publisher has not heard of it: its edits of both documents reach the admin over the relay.
    await edit(publisher, 'notes', 'late', 'typed before hearing of the erasure')
    await edit(publisher, 'plan', 'tarp', 'Patch the tarp')
    const [relayed] = await publisher.seal()
    expect((await openedDocs(publisher, relayed!)).map((d) => d.docId)).toContain(notes)
    expect(await receiveRelayEnvelope(admin, encodeEnvelope(relayed!))).toBe('applied')
    expect(await admin.findDoc('notes')).toBeUndefined()
    expect(await admin.parts.docs.has(notes)).toBe(false)
    expect(await contentOf(admin, 'plan')).toEqual({ rope: 'Order more rope', tarp: 'Patch the tarp' })

    // Before the writer rewrote its log, the old snapshot does not match what the writer signed:
    // refused, and the log is read instead; the erased document is still not kept.
    await onlySnapshotOf(publisher)
    const early = await newcomer(admin)
    expect(await early.rejected()).toContainEqual(expect.objectContaining({ kind: 'snapshot', reason: 'actor-mismatch' }))
    expect(await early.findDoc('notes')).toBeUndefined()
    expect(await contentOf(early, 'plan')).toEqual({ rope: 'Order more rope' })

    // Once the writer redacted, the same snapshot checks out, minus the erased document.
    await writer.sync()
    expect(pending(writer)).toEqual([])
    await onlySnapshotOf(publisher)
    const { storage, reads } = counted(team.storage)
    const late = await newcomer(admin, storage)
    expect((await late.rejected()).filter((r) => r.kind === 'snapshot')).toEqual([])
    expect(reads).toContain(paths.snapshot(admin.id, publisher.deviceId))
    expect(reads).not.toContain(paths.envelope(admin.id, writer.deviceId, notesSeq)) // the snapshot covered it
    expect(await late.findDoc('notes')).toBeUndefined()
    expect((await late.parts.docs.forgotten()).has(notes)).toBe(true)
    expect(await contentOf(late, 'plan')).toEqual({ rope: 'Order more rope' })
  })

  it('6: a rewrite stopped half-way shows erasure-pending and finishes at the next sync; then no file holds the text', async () => {
    const root = await mkdtemp(join(tmpdir(), 'clientful-erasure-crash-'))
    cleanup.push(() => rm(root, { recursive: true, force: true }))
    let writerLog = '\0'
    const halting = haltingStorage(createLocalFolderStorage(join(root, 'storage')), (path) => path.includes(writerLog))
    team = await createTeam(['writer'], halting.storage)
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    writerLog = `/log/${writer.deviceId}/`
    const first = writer.parts.outbox.lastSeq + 1
    for (const i of [1, 2, 3]) {
      await edit(writer, 'notes', `v${i}`, `${SECRET} #${i}`)
      await edit(writer, 'plan', `p${i}`)
      await writer.sync()
    }
    const last = writer.parts.outbox.lastSeq
    expect(last - first).toBeGreaterThanOrEqual(2)
    await admin.sync()
    await admin.erase({ docIds: [await idOf(admin, 'notes')] })
    await admin.sync()

    halting.haltAfter(1) // the first redaction lands; the device never learns so, and stops there
    await writer.sync()
    expect(pending(writer)).toEqual([expect.objectContaining({ kind: 'erasure-pending', count: 1 })])
    expect(await writer.findDoc('notes')).toBeUndefined() // forgotten on the device at once
    const versions = async () => Promise.all(Array.from({ length: last - first + 1 }, async (_, i) => (await storedEnvelope(halting.storage, writer, writer.deviceId, first + i)).v))
    expect(await versions()).toEqual([3, ...Array(last - first).fill(2)])
    const storageDir = join(root, 'storage')
    expect(await filesHolding(storageDir, SECRET, keysOf([admin, writer]))).not.toEqual([])

    halting.resume()
    await writer.sync()
    expect(pending(writer)).toEqual([])
    expect(await versions()).toEqual(Array(last - first + 1).fill(3))
    await admin.sync()
    expect(pending(admin)).toEqual([])
    const everywhere = [storageDir, ...team.devices.map((d) => d.home)]
    for (const dir of everywhere) expect(await filesHolding(dir, SECRET, keysOf([admin, writer])), dir).toEqual([])
    // What was not erased still reads, and still travels.
    await edit(writer, 'plan', 'after')
    await writer.sync()
    await admin.sync()
    expect(await contentOf(admin, 'plan')).toEqual({ p1: 'p1', p2: 'p2', p3: 'p3', after: 'after' })
  })

  it('7: offline edits of the erased document are dropped everywhere and resurrect nothing; that device’s later edits arrive', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, writer, offline] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(writer, 'notes', 'vault', SECRET)
    await edit(writer, 'plan', 'rope', 'Order more rope')
    await syncAll(team.workspaces, 2)
    const notes = await idOf(admin, 'notes')
    const heldOffline = await offline.doc<Doc>('notes')
    await admin.erase({ docIds: [notes] })
    await syncAll([admin, writer])

    // Offline, not having seen the erasure: it edits the erased document and another one.
    heldOffline.change((d) => void (d.late = `typed offline, next to ${SECRET}`))
    await edit(offline, 'plan', 'tarp', 'Patch the tarp')
    const [sealed] = await offline.seal()
    const bytes = encodeEnvelope(sealed!)
    // Its envelope reaches the writer over the relay, and the admin through storage (as its
    // push leaves it there before it pulls the erasure).
    expect(await receiveRelayEnvelope(writer, bytes)).toBe('applied')
    const signer = offline.parts.deps.identity.signing.privateKey
    await team.storage.write(paths.envelope(offline.id, offline.deviceId, sealed!.seq), bytes)
    await team.storage.write(paths.marker(offline.id, offline.deviceId), await createMarker(offline.id, offline.deviceId, sealed!.seq, Date.now(), signer))
    await admin.sync()
    for (const ws of [admin, writer]) {
      expect(await ws.findDoc('notes')).toBeUndefined()
      expect(await ws.parts.docs.has(notes)).toBe(false)
      expect(await contentOf(ws, 'plan')).toEqual({ rope: 'Order more rope', tarp: 'Patch the tarp' })
    }

    // Back online: it forgets the document and rewrites the envelope it had pushed.
    await offline.sync()
    expect(heldOffline.erased).toBe(true)
    expect(await offline.findDoc('notes')).toBeUndefined()
    const stored = await storedEnvelope(team.storage, offline, offline.deviceId, sealed!.seq)
    expect(stored.v).toBe(3)
    expect((await openedDocs(offline, stored)).map((d) => d.docId)).not.toContain(notes)
    await edit(offline, 'plan', 'after', 'edited after the erasure')
    await offline.sync()
    await syncAll([writer, admin])
    const late = await newcomer(admin)
    for (const ws of [admin, writer, offline, late]) {
      expect(await ws.findDoc('notes')).toBeUndefined()
      expect(await contentOf(ws, 'plan')).toEqual({ rope: 'Order more rope', tarp: 'Patch the tarp', after: 'edited after the erasure' })
      expect(pending(ws)).toEqual([])
      // The writer checked the relayed original against the redaction: the same chain hash, no fork.
      expect(ws.status.problems.map((p) => p.kind)).not.toContain('equivocation')
    }
    expect((await writer.parts.progress.unconfirmed()).filter((u) => u.device === offline.deviceId)).toEqual([])
  })

  it('a sync that fails at every location still shows the erasure this device owes', async () => {
    let writerLog = '\0'
    const halting = haltingStorage(createMemoryStorage('memory://erasure-offline'), (path) => path.includes(writerLog))
    team = await createTeam(['writer'], halting.storage)
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    writerLog = `/log/${writer.deviceId}/`
    await edit(writer, 'notes', 'vault', SECRET)
    await syncAll(team.workspaces, 2)
    await admin.erase({ docIds: [await idOf(admin, 'notes')] })
    await admin.sync()

    halting.haltAfter(0) // nothing of the writer's log is written: its sync fails
    await edit(writer, 'plan', 'new')
    await expect(writer.sync()).rejects.toThrow(/stopped/)
    expect(await writer.findDoc('notes')).toBeUndefined() // forgotten on the device at once
    expect(pending(writer)).toEqual([expect.objectContaining({ kind: 'erasure-pending', count: 1 })])
    halting.resume()
    await writer.sync()
    expect(pending(writer)).toEqual([])
  })

  // A log that starts before chains: its version 1 envelopes are left as they are
  // (docs/ERASURE.md) and do not hold the erasure up.
  it('a device whose log starts with version 1 envelopes finishes the erasure (they are left as they are)', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    const crypto = writer.parts.crypto as { seal: EnvelopeCrypto['seal'] }
    const seal = crypto.seal.bind(crypto)
    crypto.seal = (header, plaintext) => {
      const { prev: _prev, own: _own, ...older } = header
      return seal({ ...older, v: 1 }, plaintext)
    }
    await edit(writer, 'plan', 'old', 'sealed by an older release')
    await writer.sync()
    crypto.seal = seal
    await edit(writer, 'notes', 'vault', SECRET)
    await syncAll(team.workspaces, 2)
    await admin.erase({ docIds: [await idOf(admin, 'notes')] })
    await syncAll(team.workspaces, 2)
    expect(pending(writer)).toEqual([])
    expect((await storedEnvelope(team.storage, writer, writer.deviceId, writer.parts.outbox.lastSeq)).v).toBe(3)
  })
})
