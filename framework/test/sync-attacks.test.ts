// Attacks on the sync path from issue 9, each reproduced through real storage and the relay
// path and each refused with a typed reason while honest work goes on:
//  3. a signed marker announcing 10^5 or 2^53 envelopes must not make a peer read that many;
//  4. a writer's snapshot must not rewrite history for newcomers (inflate a vector, hide or
//     forge another member's changes);
//  6. junk under snapshots/ (any name, any size) must not exhaust a joining device;
//  and a device that signs two envelopes for one number (a fork) is named, never a silent choice.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createMemoryStorage } from '@clientful/storage-memory'
import { compressBatch, encodeChangeBatch } from '../src/format/change-batch.ts'
import { envelopeHash, parseEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import { sealSnapshot } from '../src/format/snapshot.ts'
import { tooLarge } from '../src/storage/storage-error.ts'
import type { ReadOptions, UserStorage } from '../src/storage/user-storage.ts'
import { receiveRelayEnvelope } from '../src/sync/receive-relay-envelope.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry } from './support/devices.ts'
import { forgeEnvelope } from './support/forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

type Tasks = Record<string, string>

/** Storage that counts what is read, and can stand in a file of any size at a path. */
function counted(inner: UserStorage, huge: Map<string, number> = new Map()) {
  const reads: string[] = []
  const storage: UserStorage = {
    ...inner,
    location: inner.location,
    async read(path: string, options?: ReadOptions) {
      reads.push(path)
      const size = huge.get(path)
      if (size !== undefined) {
        if (options?.maxBytes !== undefined && size > options.maxBytes) throw tooLarge(inner.location, path, size, options.maxBytes)
        throw new Error(`test: ${path} would be ${size} bytes read whole`)
      }
      return inner.read(path, options)
    },
  }
  return { storage, reads }
}

const edit = async (ws: Workspace, key: string, value = key) => (await ws.doc<Tasks>('tasks')).change((d) => void (d[key] = value))
const tasksOf = async (ws: Workspace) => A.toJS((await ws.findDoc<Tasks>('tasks'))?.doc() ?? {}) as Tasks

describe('attacks on the sync path', () => {
  let team: Team | undefined
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
    await team?.close()
    team = undefined
  })

  /** A device that joins through storage seen through `storage`, and its first sync. */
  async function newcomer(admin: Workspace, storage: UserStorage): Promise<Workspace> {
    const device = await createDevice(storageRegistry({ [team!.url]: storage }))
    cleanup.push(() => device.close())
    const ws = await device.client.join(await admin.createInvite({ role: 'reader' }))
    await ws.sync()
    return ws
  }

  it('attack 3: a signed marker announcing 10^5 or 2^53 envelopes costs a peer a handful of reads, or none', async () => {
    team = await createTeam(['writer', 'reader'])
    const [admin, writer, reader] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(writer, 'w1')
    await writer.sync()
    await admin.sync()
    const sign = (ws: Workspace, head: number) => createMarker(ws.id, ws.deviceId, head, Date.now(), ws.parts.deps.identity.signing.privateKey)
    await team.storage.write(paths.marker(reader.id, reader.deviceId), await sign(reader, 100_000)) // a reader never writes
    await team.storage.write(paths.marker(writer.id, writer.deviceId), await sign(writer, Number.MAX_SAFE_INTEGER))

    const { storage, reads } = counted(team.storage)
    const peer = await newcomer(admin, storage)
    const logReads = reads.filter((p) => p.includes('/log/'))
    expect(logReads.filter((p) => p.includes(reader.deviceId))).toEqual([])
    // The writer's log: what exists, then at most a first window of numbers that do not.
    expect(logReads.filter((p) => p.includes(writer.deviceId)).length).toBeLessThanOrEqual(8)
    const refused = await peer.rejected()
    expect(refused).toContainEqual(expect.objectContaining({ kind: 'marker', device: reader.deviceId, reason: 'unauthorized' }))
    expect(await tasksOf(peer)).toEqual({ w1: 'w1' })
    expect(peer.status.problems).toContainEqual(expect.objectContaining({ kind: 'missing-envelopes', device: writer.deviceId }))
  })

  it('attack 4: a snapshot that inflates a vector, hides or forges another member’s changes is refused; the newcomer reads the log', async () => {
    team = await createTeam(['writer', 'writer'], createMemoryStorage('memory://snapshots'), undefined, { snapshotEvery: 0 })
    const [admin, mallory, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(admin, 'a1')
    await admin.sync()
    const beforeBob = A.save((await mallory.doc<Tasks>('tasks')).doc())
    for (const ws of [bob, mallory]) await ws.sync()
    await edit(bob, 'b1', 'by bob')
    for (const ws of [bob, mallory, admin]) await ws.sync()
    const docId = await mallory.parts.keyring.namer.idForName('tasks')
    const truth = await tasksOf(admin)

    const publish = async (vector: Record<string, number>, tips: Record<string, string>, saved: Uint8Array) => {
      const keys = mallory.currentKeys()
      const bytes = await sealSnapshot(
        { ws: mallory.id, device: mallory.deviceId, epoch: keys.id, at: Date.now(), vector, tips },
        await compressBatch(encodeChangeBatch([{ docId, changes: [saved] }])),
        keys.content,
        mallory.parts.deps.identity.signing.privateKey,
      )
      await team!.storage.write(paths.snapshot(mallory.id, mallory.deviceId), bytes)
    }
    const real = { [admin.deviceId]: admin.parts.outbox.lastSeq, [bob.deviceId]: bob.parts.outbox.lastSeq }
    const realTips = { [admin.deviceId]: admin.parts.outbox.tip, [bob.deviceId]: bob.parts.outbox.tip }
    const full = A.save((await mallory.doc<Tasks>('tasks')).doc())
    const forgedUnderBob = A.change(A.load<Tasks>(full, { actor: bob.deviceId + 'abcdef01' }), (d) => void (d.b1 = 'not what bob wrote'))

    const variants = {
      'an inflated vector': () => publish({ ...real, [bob.deviceId]: 1e12 }, realTips, full),
      "bob's changes hidden": () => publish(real, realTips, beforeBob),
      'a change forged under bob': () => publish(real, realTips, A.save(forgedUnderBob)),
    }
    for (const [what, plant] of Object.entries(variants)) {
      await plant()
      const ws = await newcomer(admin, team.storage)
      const refusal = (await ws.rejected()).find((r) => r.kind === 'snapshot')
      expect(refusal, what).toBeDefined()
      expect(['malformed', 'actor-mismatch', 'replay'], what).toContain(refusal!.reason)
      expect(await tasksOf(ws), what).toEqual(truth)
    }
  })

  it('attack 6: junk under snapshots/ costs a joining device a few bounded reads', async () => {
    team = await createTeam(['writer', 'reader'])
    const [admin, writer, reader] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(writer, 'w1')
    await writer.sync()
    for (let i = 0; i < 500; i++) await team.storage.write(`${admin.id}/snapshots/junk-${i}.json`, new Uint8Array(10))
    await team.storage.write(paths.snapshot(admin.id, reader.deviceId), new Uint8Array(10)) // a reader's: never used
    const writersPath = paths.snapshot(admin.id, writer.deviceId)
    await team.storage.write(writersPath, new Uint8Array(10)) // listed; served as if 10 GB
    const huge = new Map([[writersPath, 10 * 1024 ** 3]])
    const { storage, reads } = counted(team.storage, huge)

    const peer = await newcomer(admin, storage)
    const snapshotReads = reads.filter((p) => p.includes('/snapshots/'))
    expect(snapshotReads).toEqual([paths.snapshot(admin.id, writer.deviceId)])
    expect(await peer.rejected()).toContainEqual(expect.objectContaining({ kind: 'snapshot', reason: 'malformed' }))
    expect(await tasksOf(peer)).toEqual({ w1: 'w1' })
  })

  it('a device that signs two envelopes for one number is named on every device that sees both, and the other branch is refused', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, eve, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(eve, 'e1')
    for (const ws of [eve, admin, bob]) await ws.sync()
    const seq = eve.parts.outbox.lastSeq + 1
    // One version over the relay to Bob; another, and one built on it, in storage.
    const toBob = await forgeEnvelope(eve, seq, 'tasks', 'fork', 'relayed to bob', 'e0e0e0e1')
    expect(await receiveRelayEnvelope(bob, toBob)).toBe('applied')
    const stored = await forgeEnvelope(eve, seq, 'tasks', 'fork', 'stored for everyone', 'e0e0e0e2')
    const storedFile = parseEnvelope(stored)
    if (!storedFile.ok) throw new Error('forged envelope does not parse')
    const next = await forgeEnvelope(eve, seq + 1, 'tasks', 'after', 'on the stored branch', 'e0e0e0e3', { prev: envelopeHash(storedFile.value), own: '0'.repeat(64) })
    await team.storage.write(paths.envelope(eve.id, eve.deviceId, seq), stored)
    await team.storage.write(paths.envelope(eve.id, eve.deviceId, seq + 1), next)
    await team.storage.write(paths.marker(eve.id, eve.deviceId), await createMarker(eve.id, eve.deviceId, seq + 1, Date.now(), eve.parts.deps.identity.signing.privateKey))

    await bob.sync()
    expect(await bob.rejected()).toContainEqual(expect.objectContaining({ kind: 'envelope', device: eve.deviceId, seq: seq + 1, reason: 'equivocation' }))
    expect(bob.status.problems).toContainEqual(expect.objectContaining({ kind: 'equivocation', device: eve.deviceId }))
    expect((await tasksOf(bob)).after).toBeUndefined()

    // The admin took the stored branch; when the relayed version reaches it, it says so too.
    await admin.sync()
    expect((await tasksOf(admin)).after).toBe('on the stored branch')
    expect(await receiveRelayEnvelope(admin, toBob)).toBe('refused')
    expect(admin.status.problems).toContainEqual(expect.objectContaining({ kind: 'equivocation', device: eve.deviceId }))
  })
})
