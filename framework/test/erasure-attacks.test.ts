// Attacks on erasure (docs/ERASURE.md, docs/THREAT_MODEL.md "Cannot erase, or rewrite history,
// without an admin's erasure"), each through real workspaces and storage with entries and
// envelopes signed by the attacker's own device key:
//  1. a writer signs an erase entry: refused by every peer, nobody forgets anything;
//  2. a writer rewrites one of its envelopes as a redaction naming no folded erasure: refused;
//  3. a device removed before an erasure redacts its old envelope under the key it still holds:
//     refused (sealed under a key older than the erasure);
//  4. after an honest erasure, a writer's "redaction" adds content: the documented fork limit —
//     devices that read the file take it, peers that applied the original keep theirs.
// What happens after a crash, offline edits and old snapshots: erasure-recovery.test.ts.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { encodeEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import { receiveRelayEnvelope } from '../src/sync/receive-relay-envelope.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { changeBy, forgeRedaction, idOf, openedDocs, storedEnvelope, syncAll, joinAsReader } from './support/erasure-forge.ts'
import { forgeEntry } from './support/forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

type Doc = Record<string, string>

const SECRET = 'the vault code is 7431'

const edit = async (ws: Workspace, name: string, key: string, value = key) => (await ws.doc<Doc>(name)).change((d) => void (d[key] = value))
const contentOf = async (ws: Workspace, name: string): Promise<Doc> => {
  const handle = await ws.findDoc<Doc>(name)
  return handle ? A.toJS(handle.doc()) : {}
}

describe('attacks on erasure', () => {
  let team: Team | undefined
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
    await team?.close()
    team = undefined
  })

  const newcomer = (admin: Workspace, storage: UserStorage = team!.storage): Promise<Workspace> => joinAsReader(admin, team!.url, storage, cleanup)

  /** Snapshots out of the way: the newcomer reads the logs themselves. */
  async function dropSnapshots(ws: Workspace): Promise<void> {
    for (const path of await team!.storage.list(paths.snapshotsPrefix(ws.id))) await team!.storage.delete(path)
  }

  it('1: a writer’s erase entry is refused by every peer as unauthorized, and nobody forgets the document', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, mallory, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(bob, 'notes', 'vault', SECRET)
    await syncAll(team.workspaces)
    const notes = await idOf(admin, 'notes')

    const entry = await forgeEntry(team.storage, mallory, 'erase', { docs: [notes], blobs: [] })
    await edit(bob, 'notes', 'after', 'still syncing')
    await syncAll(team.workspaces, 2)
    const late = await newcomer(admin)

    for (const ws of [admin, mallory, bob, late]) {
      expect(ws.parts.membership.state.refusalReasons.get(entry)).toBe('unauthorized')
      expect(ws.parts.membership.state.refused.get(entry)).toMatch(/only an admin may erase/)
      expect(ws.parts.membership.state.erasures.size).toBe(0)
      expect((await ws.parts.docs.forgotten()).has(notes)).toBe(false)
      expect(await contentOf(ws, 'notes')).toEqual({ vault: SECRET, after: 'still syncing' })
      expect(ws.status.problems.filter((p) => p.kind === 'erasure-pending')).toEqual([])
      expect((await ws.rejected()).some((r) => r.kind === 'member-entry' && r.path?.includes(entry) && r.reason === 'unauthorized')).toBe(true)
    }
    // The honest client refuses it before it is written.
    await expect(mallory.erase({ docIds: [notes] })).rejects.toThrow(/only an admin may erase/)
  })

  it('2: a redaction naming no folded erasure (a refused one, or none at all) is refused by a device reading the log', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, mallory, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(mallory, 'tasks', 'm1', 'what mallory wrote')
    await mallory.sync()
    const seq = mallory.parts.outbox.lastSeq
    await edit(mallory, 'tasks', 'm2', 'written later')
    await syncAll(team.workspaces)
    const tasks = await idOf(admin, 'tasks')
    // Its own erase entry: well-formed, signed, refused by every peer (attack 1).
    const refusedErase = await forgeEntry(team.storage, mallory, 'erase', { docs: [tasks], blobs: [] })
    await syncAll(team.workspaces)
    expect(admin.parts.membership.state.refusalReasons.get(refusedErase)).toBe('unauthorized')

    const original = await storedEnvelope(team.storage, mallory, mallory.deviceId, seq)
    const kept = (await openedDocs(mallory, original)).filter((d) => d.docId !== tasks)
    const forged = [...kept, changeBy(mallory, tasks, 'm1', 'rewritten history', 'abababab')]
    for (const [what, names] of Object.entries({ 'a refused erase entry': refusedErase, 'no entry at all': 'e'.repeat(64) })) {
      await team.storage.write(paths.envelope(mallory.id, mallory.deviceId, seq), await forgeRedaction(mallory, original, names, forged))
      const reader = await newcomer(admin)
      const refusal = (await reader.rejected()).find((r) => r.kind === 'envelope' && r.device === mallory.deviceId && r.seq === seq)
      expect(refusal, what).toMatchObject({ reason: 'unauthorized' })
      expect(refusal!.detail, what).toMatch(/redaction under an erasure this workspace does not have/)
      // Nothing of it applies, nor anything after it in mallory's log: the original is gone from storage.
      expect(await contentOf(reader, 'tasks'), what).toEqual({})
    }
    // Peers that applied the original keep it; a redaction never reaches a number they applied.
    for (const ws of [admin, bob]) expect(await contentOf(ws, 'tasks')).toEqual({ m1: 'what mallory wrote', m2: 'written later' })
  })

  it('3: a device removed before the erasure cannot redact its old envelopes: its key is older than the erasure', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(removed, 'notes', 'vault', SECRET)
    await edit(removed, 'tasks', 'r1', 'by the removed device')
    await syncAll(team.workspaces, 2) // the admin applied it before the removal: within the cut
    const seq = removed.parts.outbox.lastSeq
    const [notes, tasks] = [await idOf(admin, 'notes'), await idOf(admin, 'tasks')]
    await admin.removeDevice(removed.deviceId)
    await admin.erase({ docIds: [notes] })
    await syncAll([admin, bob])
    const [erasure] = [...admin.parts.membership.state.erasures.keys()]
    // What the removed device still holds: the epoch of before its removal, none newer.
    const oldKeys = removed.currentKeys()
    expect(removed.parts.keyring.get(admin.parts.membership.state.currentEpoch)).toBeUndefined()
    expect(admin.parts.membership.state.epochs.get(oldKeys.id)!.position).toBeLessThan(admin.parts.membership.state.epochs.get(admin.parts.membership.state.erasures.get(erasure!)!.epoch)!.position)

    const original = await storedEnvelope(team.storage, removed, removed.deviceId, seq)
    const kept = (await openedDocs(removed, original)).filter((d) => d.docId !== notes && d.docId !== tasks)
    const forged = await forgeRedaction(removed, original, erasure!, [...kept, changeBy(removed, tasks, 'r1', 'rewritten after removal', 'cdcdcdcd')], oldKeys)
    await team.storage.write(paths.envelope(removed.id, removed.deviceId, seq), forged)

    const reader = await newcomer(admin)
    const refused = (await reader.rejected()).filter((r) => r.device === removed.deviceId && r.seq === seq && r.reason === 'unauthorized')
    expect(refused.length).toBeGreaterThan(0)
    expect(refused.some((r) => /redaction sealed under a key older than its erasure/.test(r.detail))).toBe(true)
    expect((await contentOf(reader, 'tasks')).r1).toBeUndefined()
    expect(await reader.findDoc('notes')).toBeUndefined()
    for (const ws of [admin, bob]) expect(await contentOf(ws, 'tasks')).toEqual({ r1: 'by the removed device' })
  })

  it('4: after an honest erasure, a writer’s "redaction" that adds content forks its log: readers of the file take it, a peer that applied the original keeps its own and its check of the relayed original passes', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, mallory, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    await edit(bob, 'notes', 'vault', SECRET)
    await edit(mallory, 'tasks', 'm1')
    await syncAll(team.workspaces)
    const [notes, board] = [await idOf(admin, 'notes'), await idOf(admin, 'board')]
    await edit(admin, 'board', 'title', 'Board')
    await admin.erase({ docIds: [notes] })
    await syncAll(team.workspaces, 2)
    const [erasure] = [...admin.parts.membership.state.erasures.keys()]

    // Mallory's next envelope reaches bob over the relay, as sealed...
    await edit(mallory, 'tasks', 'm2', 'sent to bob')
    const [sealed] = await mallory.seal()
    expect(await receiveRelayEnvelope(bob, encodeEnvelope(sealed!))).toBe('applied')
    // ...while storage gets a "redaction" of it that also writes to the board.
    const added = changeBy(mallory, board, 'added', 'only in the redaction', 'efefefef')
    const forged = await forgeRedaction(mallory, sealed!, erasure!, [...(await openedDocs(mallory, sealed!)), added])
    const signer = mallory.parts.deps.identity.signing.privateKey
    await team.storage.write(paths.envelope(mallory.id, mallory.deviceId, sealed!.seq), forged)
    await team.storage.write(paths.marker(mallory.id, mallory.deviceId), await createMarker(mallory.id, mallory.deviceId, sealed!.seq, Date.now(), signer))
    await dropSnapshots(admin)

    // Verified and applied by whoever reads the file: it names a folded erasure, under a
    // current key, at mallory's own number, and stands for the hash bob's chain holds.
    const reader = await newcomer(admin)
    await admin.sync()
    for (const ws of [reader, admin]) {
      expect(await contentOf(ws, 'board'), 'a device that read the file').toMatchObject({ added: 'only in the redaction' })
      expect((await contentOf(ws, 'tasks')).m2).toBe('sent to bob')
      expect((await ws.rejected()).filter((r) => r.device === mallory.deviceId)).toEqual([])
    }
    // Bob applied the original: it never re-reads that number. Its one comparison, of the
    // relayed envelope against storage, compares chain hashes — the redaction's `of` — and passes.
    await bob.sync()
    expect((await contentOf(bob, 'board')).added).toBeUndefined()
    expect((await contentOf(bob, 'tasks')).m2).toBe('sent to bob')
    expect(bob.status.problems.map((p) => p.kind)).not.toContain('equivocation')
    expect(bob.status.problems.map((p) => p.kind)).not.toContain('unconfirmed-relay')
    expect(bob.status.storage).toBe('ok')
    expect(await bob.parts.progress.unconfirmed()).toEqual([])
  })
})
