// Attacks on write rights by a malicious member: a reader acknowledging its own device into a
// writer (1), a removed member who keeps writing (2) — each reproduced through real workspaces
// and storage with entries signed by the workspace's own code, and refused with a typed reason
// while honest work goes on. Keys: membership-key-attacks.test.ts. Numbers follow the list in
// docs/THREAT_MODEL.md.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { paths } from '../src/format/paths.ts'
import { canWrite } from '../src/membership/state.ts'
import type { MemberEntry } from '../src/membership/entries.ts'
import { receiveRelayEnvelope } from '../src/sync/receive-relay-envelope.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { forceWrite, forgeEntry, forgeEnvelope, impersonate, newDeviceOf } from './support/forge.ts'

type Tasks = Record<string, string>

async function syncAll(workspaces: readonly Workspace[], rounds = 2): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const ws of workspaces) await ws.sync().catch(() => undefined)
}

async function tasksOf(ws: Workspace): Promise<Tasks> {
  return A.toJS((await ws.doc<Tasks>('tasks')).doc())
}

async function storedEntry(team: Team, ws: Workspace, hash: string): Promise<MemberEntry> {
  return JSON.parse(new TextDecoder().decode((await team.storage.read(paths.memberEntry(ws.id, hash)))!)) as MemberEntry
}

describe('attack 1: a reader acknowledges its own new device into a writer', () => {
  let team: Team
  afterEach(() => team?.close())

  it('the ack is refused as unauthorized; the device stays closed and the member a reader', async () => {
    team = await createTeam(['reader', 'writer'])
    const [admin, reader, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    // Adding a device of one's own user is allowed; acknowledging its writes is not.
    const phone = await newDeviceOf(reader.parts.deps.identity.user)
    const added = await forgeEntry(team.storage, reader, 'add-device', { device: phone.record })
    const readerAck = await forgeEntry(team.storage, reader, 'ack', { device: phone.record.id, seq: 1e12 }, [added])
    // Nor can a writer re-open a window that was closed from the start.
    const writerAck = await forgeEntry(team.storage, writer, 'ack', { device: phone.record.id, seq: 1e12 }, [added])
    await forceWrite(team.storage, impersonate(reader, phone), 'tasks', 'by-phone', 'should not apply')
    ;(await writer.doc<Tasks>('tasks')).change((d) => void (d.ok = 'from writer'))
    await syncAll(team.workspaces)

    for (const ws of [admin, writer]) {
      const state = ws.parts.membership.state
      expect(state.devices.has(phone.record.id)).toBe(true)
      expect(state.members.get(reader.parts.deps.identity.userId)!.role).toBe('reader')
      expect(state.refusalReasons.get(readerAck)).toBe('unauthorized')
      expect(state.refused.get(readerAck)).toMatch(/only a device that may write/)
      expect(state.refusalReasons.get(writerAck)).toBe('unauthorized')
      expect(state.refused.get(writerAck)).toMatch(/nothing to acknowledge/)
      expect(canWrite(state, phone.record.id, 1).ok).toBe(false)
      expect(canWrite(state, phone.record.id, 1e12).ok).toBe(false)
      const tasks = await tasksOf(ws)
      expect(tasks['by-phone']).toBeUndefined()
      expect(tasks.ok).toBe('from writer')
      const rejected = await ws.rejected()
      // Its marker already announces what it may not write: nothing of it is even fetched.
      expect(rejected.some((r) => (r.kind === 'envelope' || r.kind === 'marker') && r.device === phone.record.id && r.reason === 'unauthorized')).toBe(true)
      expect(rejected.some((r) => r.kind === 'member-entry' && r.path?.includes(readerAck) && r.reason === 'unauthorized')).toBe(true)
    }
  })
})

describe('attack 2: a removed member keeps writing', () => {
  let team: Team
  afterEach(() => team?.close())

  it("2a: an accomplice reader's ack does not re-open the removed device's window", async () => {
    team = await createTeam(['writer', 'reader', 'writer'])
    const [admin, removed, accomplice, writer] = team.workspaces as [Workspace, Workspace, Workspace, Workspace]
    ;(await removed.doc<Tasks>('tasks')).change((d) => void (d.before = 'kept'))
    await syncAll(team.workspaces)
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.sync()
    await accomplice.sync()
    const ack = await forgeEntry(team.storage, accomplice, 'ack', { device: removed.deviceId, seq: 1e9 })
    await forceWrite(team.storage, removed, 'tasks', 'after', 'refused', 'f1f1f1f1')
    ;(await writer.doc<Tasks>('tasks')).change((d) => void (d.still = 'syncing'))
    await syncAll([admin, accomplice, writer])

    for (const ws of [admin, writer]) {
      expect(ws.parts.membership.state.refusalReasons.get(ack)).toBe('unauthorized')
      expect(ws.parts.membership.state.refused.get(ack)).toMatch(/only a device that may write/)
      const tasks = await tasksOf(ws)
      expect(tasks).toMatchObject({ before: 'kept', still: 'syncing' })
      expect(tasks.after).toBeUndefined()
    }
  })

  it('2a: a writer vouches only for what it names; the removal holds past it', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    ;(await removed.doc<Tasks>('tasks')).change((d) => void (d.before = 'kept'))
    await syncAll(team.workspaces)
    const cutoff = removed.parts.outbox.lastSeq
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.sync()
    await writer.sync()
    // The writer says it applied one envelope past the cut before it learned of the removal.
    const vouched = await forceWrite(team.storage, removed, 'tasks', 'vouched', 'accepted', 'f1f1f1f1')
    const ack = await forgeEntry(team.storage, writer, 'ack', { device: removed.deviceId, seq: vouched })
    await team.storage.write(paths.envelope(removed.id, removed.deviceId, vouched + 1), await forgeEnvelope(removed, vouched + 1, 'tasks', 'later', 'refused', 'f2f2f2f2'))
    await syncAll([admin, writer])

    expect(vouched).toBe(cutoff + 1)
    for (const ws of [admin, writer]) {
      expect(ws.parts.membership.state.refused.has(ack)).toBe(false)
      expect(canWrite(ws.parts.membership.state, removed.deviceId, vouched).ok).toBe(true)
      expect(canWrite(ws.parts.membership.state, removed.deviceId, vouched + 1).ok).toBe(false)
    }
    expect((await tasksOf(admin)).later).toBeUndefined()
  })

  it('an honest writer acknowledges, up to its gap-free mark, what it applied before it learned of the removal', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    ;(await removed.doc<Tasks>('tasks')).change((d) => void (d.before = 'kept'))
    await syncAll(team.workspaces)
    await admin.removeDevice(removed.deviceId) // offline: not uploaded yet
    const cutoff = removed.parts.outbox.lastSeq
    ;(await removed.doc<Tasks>('tasks')).change((d) => void (d.during = 'applied by the writer'))
    await removed.sync()
    await writer.sync() // applies it: the writer has not heard of the removal
    expect((await tasksOf(writer)).during).toBe('applied by the writer')
    await admin.sync()
    await writer.sync() // learns of the removal, acknowledges what it applied
    await admin.sync()

    for (const ws of [admin, writer]) {
      // Only the writer's ack re-opens #cutoff+1: the removal closed it.
      expect(canWrite(ws.parts.membership.state, removed.deviceId, cutoff + 1).ok).toBe(true)
      expect(canWrite(ws.parts.membership.state, removed.deviceId, cutoff + 2).ok).toBe(false)
      expect(await tasksOf(ws)).toMatchObject({ before: 'kept', during: 'applied by the writer' })
    }
    const later = await forceWrite(team.storage, removed, 'tasks', 'later', 'refused', 'f5f5f5f5')
    await syncAll([admin, writer])
    expect(later).toBe(cutoff + 2)
    for (const ws of [admin, writer]) expect((await tasksOf(ws)).later).toBeUndefined()
  })

  it('2b: the cutoff is the gap-free high-water mark, not a far-ahead number seen over the relay', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, other] = team.workspaces as [Workspace, Workspace, Workspace]
    ;(await removed.doc<Tasks>('tasks')).change((d) => void (d.before = 'kept'))
    await syncAll(team.workspaces)
    const applied = removed.parts.outbox.lastSeq
    // While still a writer, it sends one relay envelope numbered 10^9: verified, but not the next
    // of its chain, so it waits for storage and is never applied.
    const far = await forgeEnvelope(removed, 1e9, 'notes', 'far', 'ahead', 'f3f3f3f3')
    expect(await receiveRelayEnvelope(admin, far)).toBe('ahead')
    const seen = await admin.parts.progress.get(removed.deviceId)
    expect(seen.max).toBe(applied)
    expect(seen.highWater).toBe(applied)

    await admin.removeDevice(removed.deviceId)
    const removalHash = admin.parts.membership.state.order.at(-1)!
    await admin.sync()
    const removal = await storedEntry(team, admin, removalHash)
    expect(removal.type).toBe('remove-device')
    expect(removal.type === 'remove-device' && removal.body.cutoff).toBe(applied)

    // Writes made after the removal, under the old epoch key, are refused by every peer.
    const after = await forceWrite(team.storage, removed, 'tasks', 'after', 'refused', 'f4f4f4f4')
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.still = 'syncing'))
    await syncAll([admin, other])
    for (const ws of [admin, other]) {
      expect(canWrite(ws.parts.membership.state, removed.deviceId, after)).toMatchObject({ ok: false, reason: 'unauthorized' })
      const tasks = await tasksOf(ws)
      expect(tasks).toMatchObject({ before: 'kept', still: 'syncing' })
      expect(tasks.after).toBeUndefined()
      // Its marker announcing #after is refused: past what it may write, so nothing is fetched.
      expect((await ws.rejected()).some((r) => r.device === removed.deviceId && (r.seq === after || r.kind === 'marker') && r.reason === 'unauthorized')).toBe(true)
    }
  })
})
