// Membership rules enforced by every peer: who may change the log, who may write, and what
// a removal does to keys. Each test names the attack or scenario it covers.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createMemoryStorage } from '@clientful/storage-memory'
import { fromBase64Url, toBase64Url } from '../src/util/bytes.ts'
import { paths } from '../src/format/paths.ts'
import { decryptEnvelope, parseEnvelope } from '../src/format/envelope.ts'
import { parseMemberEntry } from '../src/membership/parse-entry.ts'
import { deriveEpochKeys } from '../src/crypto/epoch-keys.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { forceWrite, forgeEntry } from './support/forge.ts'
import { createDevice, storageRegistry } from './support/devices.ts'

type Tasks = Record<string, string>

async function syncAll(team: Team, rounds = 2): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const ws of team.workspaces) await ws.sync().catch(() => undefined)
}

function refusals(ws: Workspace): string[] {
  return [...ws.parts.membership.state.refused.values()]
}

async function tasksOf(ws: Workspace): Promise<Tasks> {
  return A.toJS((await ws.doc<Tasks>('tasks')).doc())
}

describe('membership entries every peer refuses', () => {
  let team: Team
  afterEach(() => team?.close())

  it('a writer promoting itself', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    await forgeEntry(team.storage, writer, 'role', { member: writer.parts.deps.identity.userId, role: 'admin', cutoffs: {} })
    await syncAll(team)
    for (const ws of [admin, writer]) {
      expect(ws.membership.members.get(writer.parts.deps.identity.userId)!.role).toBe('writer')
      expect(refusals(ws)).toContain('only an admin may change roles')
    }
    await expect(writer.changeRole(writer.parts.deps.identity.userId, 'admin')).rejects.toThrow(/only an admin/)
  })

  it('a non-admin adding a member', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    await expect(writer.createInvite({ role: 'admin' })).rejects.toThrow(/only an admin/)
    await forgeEntry(team.storage, writer, 'invite', { key: 'ab'.repeat(32), role: 'admin', epoch: writer.currentKeys().id, lockbox: 'AAAA' })
    await syncAll(team)
    expect(admin.membership.invites.size).toBe(1) // only the admin's own invite for the writer
    expect(refusals(admin)).toContain('only an admin may invite')
  })

  it('a tampered lockbox', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    // The admin rotates, but storage flips a byte of the writer's lockbox in the rotation entry.
    await admin.rotateKeys()
    const rotationHash = admin.parts.membership.state.order.at(-1)!
    await admin.sync()
    const path = paths.memberEntry(admin.id, rotationHash)
    const entry = JSON.parse(new TextDecoder().decode((await team.storage.read(path))!))
    const lockbox = entry.body.rotation.lockboxes.find((l: { to: string }) => l.to === writer.deviceId)
    const bytes = fromBase64Url(lockbox.box)
    bytes[40] = bytes[40]! ^ 1
    lockbox.box = toBase64Url(bytes)
    await team.storage.write(path, new TextEncoder().encode(JSON.stringify(entry)))
    const report = await writer.sync()
    // The edited entry no longer matches its hash name: refused before anyone opens it.
    expect(report.rejected.some((r) => r.path === path && r.reason === 'malformed')).toBe(true)
    expect(writer.parts.keyring.has(admin.currentKeys().id)).toBe(false)
  })

  it('a tampered lockbox inside a validly signed entry is refused by its recipient', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, writer, victim] = team.workspaces as [Workspace, Workspace, Workspace]
    const { sealLockbox } = await import('../src/membership/key-access.ts')
    const { randomBytes } = await import('../src/crypto/webcrypto.ts')
    // A signed rotation whose lockbox for one member holds some other secret.
    const secret = randomBytes(32)
    const epoch = (await deriveEpochKeys(secret)).id
    const state = admin.parts.membership.state
    const lockboxes = [
      await sealLockbox(state.devices.get(admin.deviceId)!.record, epoch, secret),
      await sealLockbox(state.devices.get(writer.deviceId)!.record, epoch, secret),
      { ...(await sealLockbox(state.devices.get(victim.deviceId)!.record, epoch, randomBytes(32))), epoch },
    ]
    await forgeEntry(team.storage, admin, 'rotate', { rotation: { epoch, lockboxes, prev: toBase64Url(randomBytes(40)) } })
    await writer.sync()
    const report = await victim.sync()
    expect(writer.parts.keyring.has(epoch)).toBe(true)
    expect(victim.parts.keyring.has(epoch)).toBe(false)
    expect(report.rejected.some((r) => r.reason === 'invalid-entry' && /tampered/.test(r.detail))).toBe(true)
  })

  it('a membership entry signed by a removed device', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, other] = team.workspaces as [Workspace, Workspace, Workspace]
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.sync()
    await removed.sync()
    // The removed device tries to re-admit itself by forging an invite on top of the new heads.
    await forgeEntry(team.storage, removed, 'grant', { lockboxes: [] })
    await syncAll(team)
    for (const ws of [admin, other]) {
      expect(ws.membership.members.get(removed.parts.deps.identity.userId)!.removed).toBe(true)
      expect(refusals(ws).some((r) => /only a current device|removal of its author/.test(r))).toBe(true)
    }
  })

  it('a replayed old membership entry', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    const userId = writer.parts.deps.identity.userId
    await admin.changeRole(userId, 'admin')
    const promotion = admin.parts.membership.state.order.at(-1)!
    await admin.changeRole(userId, 'writer')
    await admin.sync()
    const old = (await team.storage.read(paths.memberEntry(admin.id, promotion)))!
    // Replayed under its own name it is the same entry (a no-op); under another name it is refused.
    await team.storage.write(paths.memberEntry(admin.id, promotion), old)
    await team.storage.write(paths.memberEntry(admin.id, 'f'.repeat(64)), old)
    const report = await writer.sync()
    expect(report.rejected.some((r) => r.path?.endsWith('f'.repeat(64) + '.json') && r.reason === 'malformed')).toBe(true)
    expect(writer.membership.members.get(userId)!.role).toBe('writer')
    expect(parseMemberEntry(old).ok).toBe(true)
  })
})

describe('writes every peer refuses, while the rest keeps syncing', () => {
  let team: Team
  afterEach(() => team?.close())

  it("a reader's write", async () => {
    team = await createTeam(['reader', 'writer'])
    const [admin, reader, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    await forceWrite(team.storage, reader, 'tasks', 'by-reader', 'should not apply')
    ;(await writer.doc<Tasks>('tasks')).change((d) => void (d.ok = 'from writer'))
    await syncAll(team)
    for (const ws of [admin, writer]) {
      const tasks = await tasksOf(ws)
      expect(tasks['by-reader']).toBeUndefined()
      expect(tasks.ok).toBe('from writer')
      expect((await ws.rejected()).some((r) => r.reason === 'unauthorized' && r.device === reader.deviceId)).toBe(true)
    }
  })

  it("a reader's own edit is undone on its device and listed as refused", async () => {
    team = await createTeam(['reader'])
    const [admin, reader] = team.workspaces as [Workspace, Workspace]
    ;(await admin.doc<Tasks>('tasks')).change((d) => void (d.shared = 'yes'))
    await syncAll(team)
    const doc = await reader.doc<Tasks>('tasks')
    doc.change((d) => void (d.mine = 'local only'))
    await reader.sync()
    expect(A.toJS(doc.doc())).toEqual({ shared: 'yes' })
    const rejected = await reader.rejected()
    expect(rejected.some((r) => r.kind === 'local-change' && /reader/.test(r.detail))).toBe(true)
    await admin.sync()
    expect((await tasksOf(admin)).mine).toBeUndefined()
  })

  it("a removed device's write after its removal", async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, leaving, other] = team.workspaces as [Workspace, Workspace, Workspace]
    ;(await leaving.doc<Tasks>('tasks')).change((d) => void (d.before = 'kept'))
    await syncAll(team)
    await admin.removeDevice(leaving.deviceId)
    await admin.sync()
    await forceWrite(team.storage, leaving, 'tasks', 'after', 'refused')
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.still = 'syncing'))
    await syncAll(team)
    for (const ws of [admin, other]) {
      const tasks = await tasksOf(ws)
      expect(tasks.before).toBe('kept')
      expect(tasks.after).toBeUndefined()
      expect(tasks.still).toBe('syncing')
    }
  })

  it('a write by a device never added', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    const open = storageRegistry({ [team.url]: team.storage })
    const stranger = await createDevice(open)
    try {
      // A device with its own keys and a copy of the workspace key, but no join.
      const forged = Object.create(writer) as Workspace
      Object.defineProperty(forged, 'deviceId', { value: stranger.client.deviceId })
      Object.defineProperty(forged, 'parts', { value: { ...writer.parts, deps: { ...writer.parts.deps, identity: stranger.client.identity }, outbox: { lastSeq: 0 } } })
      await forceWrite(team.storage, forged, 'tasks', 'stranger', 'refused')
      await syncAll(team)
      expect((await tasksOf(admin)).stranger).toBeUndefined()
      expect((await admin.rejected()).some((r) => r.reason === 'unknown-device')).toBe(true)
    } finally {
      await stranger.close()
    }
  })
})

describe('concurrent admin actions', () => {
  let team: Team
  afterEach(() => team?.close())

  it('two admins removing each other concurrently: every member ends with the same membership', async () => {
    team = await createTeam(['admin', 'writer'])
    const [first, second, observer] = team.workspaces as [Workspace, Workspace, Workspace]
    // Neither sees the other's removal before making its own.
    await first.removeMember(second.parts.deps.identity.userId)
    await second.removeMember(first.parts.deps.identity.userId)
    await syncAll(team, 3)
    const views = [first, second, observer].map((ws) =>
      JSON.stringify([...ws.membership.members.values()].map((m) => [m.userId, m.role, m.removed]).sort()),
    )
    expect(views[1]).toBe(views[0])
    expect(views[2]).toBe(views[0])
    const removed = [...observer.membership.members.values()].filter((m) => m.removed).map((m) => m.userId)
    expect(removed).toHaveLength(1)
    // The founder is the more senior admin: its removal wins.
    expect(removed[0]).toBe(second.parts.deps.identity.userId)
  })

  it("a removed admin's concurrent invite admits nobody (removal wins)", async () => {
    team = await createTeam(['admin', 'writer'])
    const [founder, admin2, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    // Something lands between what admin2 last saw and the removal, so admin2's invite
    // would come first in the fold's order if authority were only judged at its position.
    await forgeEntry(team.storage, writer, 'grant', { lockboxes: [] })
    await founder.sync()
    await founder.removeMember(admin2.parts.deps.identity.userId)
    await founder.sync()
    const code = await admin2.createInvite({ role: 'admin' }) // admin2 has not synced: it still thinks it is an admin
    const open = storageRegistry({ [team.url]: team.storage })
    const accomplice = await createDevice(open)
    try {
      await expect(accomplice.client.join(code)).rejects.toThrow(/invite/)
      await syncAll(team)
      for (const ws of [founder, writer]) {
        expect(ws.membership.members.has(accomplice.client.userId)).toBe(false)
        expect(refusals(ws).some((r) => /removal of its author/.test(r))).toBe(true)
      }
    } finally {
      await accomplice.close()
    }
  })
})

describe('key epochs after removals', () => {
  let team: Team
  afterEach(() => team?.close())

  it("the removed member's keys fail to decrypt new envelopes, snapshots and room traffic", async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, removed, other] = team.workspaces as [Workspace, Workspace, Workspace]
    const oldKeys = removed.currentKeys()
    await admin.removeMember(removed.parts.deps.identity.userId)
    await syncAll(team)
    const newKeys = admin.currentKeys()
    expect(newKeys.id).not.toBe(oldKeys.id)
    expect(removed.parts.keyring.has(newKeys.id)).toBe(false)
    expect(other.parts.keyring.has(newKeys.id)).toBe(true)
    expect(newKeys.roomId).not.toBe(oldKeys.roomId)

    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.secret = 'after removal'))
    await other.sync()
    const path = paths.envelope(other.id, other.deviceId, other.parts.outbox.lastSeq)
    const envelope = parseEnvelope((await team.storage.read(path))!)
    if (!envelope.ok) throw new Error(envelope.detail)
    expect(envelope.value.epoch).toBe(newKeys.id)
    expect(await decryptEnvelope(envelope.value, oldKeys.content)).toBeUndefined()
    await other.publishSnapshot()
    const { parseSnapshot, decryptSnapshot } = await import('../src/format/snapshot.ts')
    const snapshot = parseSnapshot((await team.storage.read(paths.snapshot(other.id, other.deviceId)))!)
    if (!snapshot.ok) throw new Error(snapshot.detail)
    expect(snapshot.value.epoch).toBe(newKeys.id)
    expect(await decryptSnapshot(snapshot.value, oldKeys.content)).toBeUndefined()
    expect(await decryptSnapshot(snapshot.value, newKeys.content)).toBeDefined()
    const { wrapRelayMessage, unwrapRelayMessage } = await import('../src/sync/relay-messages.ts')
    const frame = await wrapRelayMessage(newKeys, { kind: 1, body: new Uint8Array([1, 2, 3]) })
    expect(await unwrapRelayMessage(oldKeys, frame)).toBeUndefined()
    expect((await tasksOf(removed)).secret).toBeUndefined()
  })

  it('a member offline through two rotations and one removal catches up and reads everything', async () => {
    team = await createTeam(['writer', 'writer', 'writer'])
    const [admin, offline, gone, other] = team.workspaces as [Workspace, Workspace, Workspace, Workspace]
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.e0 = 'epoch zero'))
    await other.sync()
    await admin.rotateKeys()
    await admin.sync()
    await other.sync()
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.e1 = 'epoch one'))
    await other.sync()
    await admin.removeMember(gone.parts.deps.identity.userId)
    await admin.sync()
    await other.sync()
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.e2 = 'epoch two'))
    await other.sync()
    await admin.rotateKeys()
    await admin.sync()
    await other.sync()
    ;(await other.doc<Tasks>('tasks')).change((d) => void (d.e3 = 'epoch three'))
    await other.sync()

    await offline.sync()
    expect(await tasksOf(offline)).toMatchObject({ e0: 'epoch zero', e1: 'epoch one', e2: 'epoch two', e3: 'epoch three' })
    expect(offline.currentKeys().id).toBe(admin.currentKeys().id)
    expect((await tasksOf(gone)).e2).toBeUndefined()
  })
})

describe('invites', () => {
  it('expired and revoked invites are refused; a multi-use invite stops at its count', async () => {
    const storage = createMemoryStorage('memory://invites')
    const open = storageRegistry({ 'memory://invites': storage })
    let now = 1_000_000
    const admin = await createDevice(open, { now: () => now })
    const devices = [admin]
    try {
      const ws = await admin.client.createWorkspace({ name: 'Invites', storage: 'memory://invites' })
      const join = async (code: string) => {
        const device = await createDevice(open, { now: () => now })
        devices.push(device)
        return device.client.join(code)
      }
      const expiring = await ws.createInvite({ expiresInMs: 10 * 60_000 })
      now += 11 * 60_000
      await expect(join(expiring)).rejects.toThrow(/expired/)

      const revoked = await ws.createInvite()
      await ws.revokeInvite(revoked)
      await ws.sync()
      await expect(join(revoked)).rejects.toThrow(/revoked|not in the workspace/)

      const twice = await ws.createInvite({ uses: 2 })
      await join(twice)
      await join(twice)
      await expect(join(twice)).rejects.toThrow(/used up/)
      await ws.sync()
      expect([...ws.membership.members.values()].filter((m) => !m.removed)).toHaveLength(3)
    } finally {
      for (const d of devices) await d.close()
    }
  })
})
