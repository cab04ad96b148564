// Attacks on keys by a malicious member: a garbage lockbox sent first (7), and Ed25519 keys
// anyone could sign for (8) — each reproduced through real workspaces and storage with entries
// signed by the workspace's own code, and refused with a typed reason while honest work goes
// on. Numbers follow the list in docs/THREAT_MODEL.md.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { ed25519 } from '@noble/curves/ed25519.js'
import { generateKeyPair, verify } from '../src/crypto/keys.ts'
import { randomBytes } from '../src/crypto/webcrypto.ts'
import { paths } from '../src/format/paths.ts'
import { encodeRecord } from '../src/format/signed-record.ts'
import { ENTRY_FORMAT, hashRecord, signEntry, signJoinProof } from '../src/membership/entries.ts'
import { deriveInviteKeys, parseInviteCode } from '../src/membership/invite-code.ts'
import { sealLockbox } from '../src/membership/key-access.ts'
import { exactBytes, fromBase64Url, fromHex, toBase64Url, toHex, utf8Encode } from '../src/util/bytes.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'
import { forgeEntry, newDeviceOf } from './support/forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

type Tasks = Record<string, string>

async function syncAll(workspaces: readonly Workspace[], rounds = 2): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const ws of workspaces) await ws.sync().catch(() => undefined)
}

async function tasksOf(ws: Workspace): Promise<Tasks> {
  return A.toJS((await ws.doc<Tasks>('tasks')).doc())
}

describe('attack 7: a garbage lockbox sent first', () => {
  const extra: TestDevice[] = []
  let team: Team
  afterEach(async () => {
    for (const d of extra.splice(0)) await d.close()
    await team?.close()
  })

  it('never hides the real key: the newcomer tries every copy, and granting converges', async () => {
    team = await createTeam(['writer'])
    const [admin, mallory] = team.workspaces as [Workspace, Workspace]
    const code = await admin.createInvite({ role: 'writer' })
    await admin.rotateKeys()
    await admin.sync()
    const epoch = admin.currentKeys().id
    const device = await createDevice(storageRegistry({ [team.url]: team.storage }))
    extra.push(device)
    const newcomer = await device.client.join(code) // its invite is of the epoch before the rotation
    expect(newcomer.parts.keyring.has(epoch)).toBe(false)

    // Before any honest device notices, a writer seals garbage to the newcomer for that epoch.
    const record = newcomer.parts.membership.state.devices.get(newcomer.deviceId)!.record
    const garbage = await forgeEntry(team.storage, mallory, 'grant', { lockboxes: [await sealLockbox(record, epoch, randomBytes(32))] }, newcomer.parts.membership.state.heads)
    ;(await admin.doc<Tasks>('tasks')).change((d) => void (d.secret = 'after the rotation'))
    const everyone = [...team.workspaces, newcomer]
    await syncAll(everyone, 3)

    expect(admin.parts.membership.state.order).toContain(garbage)
    expect(newcomer.parts.keyring.has(epoch)).toBe(true)
    expect((await tasksOf(newcomer)).secret).toBe('after the rotation')
    expect((await newcomer.rejected()).some((r) => r.reason === 'invalid-entry' && /tampered/.test(r.detail))).toBe(true)
    expect(admin.parts.membership.state.epochs.get(epoch)!.lockboxes.get(newcomer.deviceId)!.length).toBe(2)

    // Nobody keeps re-granting.
    const entries = admin.parts.membership.state.order.length
    await syncAll(everyone, 2)
    expect(admin.parts.membership.state.order.length).toBe(entries)
  })
})

describe('attack 8: small-order and non-canonical Ed25519 keys', () => {
  let team: Team
  afterEach(() => team?.close())

  // R = the identity point, S = 0: for a small-order key, WebCrypto verifies this over anything.
  const TRIVIAL_SIGNATURE = toBase64Url(Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0)))
  const IDENTITY = '01' + '00'.repeat(31)
  const NON_CANONICAL_IDENTITY = 'ee' + 'ff'.repeat(30) + '7f' // y = p + 1

  it('WebCrypto alone accepts the trivial signature for the identity key (why keys are decoded first)', async () => {
    const key = await crypto.subtle.importKey('raw', exactBytes(fromHex(IDENTITY)), { name: 'Ed25519' }, false, ['verify'])
    expect(await crypto.subtle.verify('Ed25519', key, exactBytes(fromBase64Url(TRIVIAL_SIGNATURE)), exactBytes(utf8Encode('anything')))).toBe(true)
    expect(await verify(fromHex(IDENTITY), utf8Encode('anything'), fromBase64Url(TRIVIAL_SIGNATURE))).toBe(false)
  })

  it('a join by a small-order device with trivial signatures is refused before it is stored', async () => {
    team = await createTeam(['writer'])
    const [admin] = team.workspaces as [Workspace]
    const code = await admin.createInvite({ role: 'writer', uses: 3 })
    const parsed = parseInviteCode(code)
    if (!parsed.ok) throw new Error(parsed.detail)
    const inviteKeys = await deriveInviteKeys(parsed.value.secret)
    const invite = [...admin.parts.membership.state.invites.values()].find((i) => i.key === toHex(inviteKeys.signing.publicKey))!
    const box = admin.parts.membership.state.devices.get(admin.deviceId)!.record.box
    for (const key of [IDENTITY, NON_CANONICAL_IDENTITY]) {
      const device = { id: key, box, user: key, cert: TRIVIAL_SIGNATURE }
      const body = { invite: invite.hash, device, proof: await signJoinProof(admin.id, invite.hash, key, inviteKeys.signing.privateKey) }
      const entry = { format: ENTRY_FORMAT, v: 1, ws: admin.id, type: 'join', parents: admin.parts.membership.state.heads, author: key, at: 1, body, sig: TRIVIAL_SIGNATURE }
      const hash = await hashRecord(entry)
      await team.storage.write(paths.memberEntry(admin.id, hash), encodeRecord(entry))
      // Any file under devices/ makes readers list members/: a hostile device can always be heard.
      await team.storage.write(paths.marker(admin.id, key), new TextEncoder().encode('{}'))
      const report = await admin.sync()
      const refusal = report.rejected.find((r) => r.path === paths.memberEntry(admin.id, hash))
      expect(refusal).toMatchObject({ kind: 'member-entry', reason: 'malformed' })
      expect(refusal!.detail).toMatch(key === IDENTITY ? /author is a small-order Ed25519 point/ : /author is not a point on the Ed25519 curve, or not canonically encoded/)
      expect(admin.membership.devices.has(key)).toBe(false)
      expect(await admin.parts.deps.local.getBytes(['ws', admin.id, 'members', hash])).toBeUndefined()
    }
    expect([...admin.membership.invites.values()].find((i) => i.hash === invite.hash)!.used).toBe(0)
  })

  it('a device invite with a small-order key, and a join whose user key has a torsion component, are refused by every peer', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    // Anyone could make join proofs for this invite if it were admitted.
    const weakInvite = await forgeEntry(team.storage, writer, 'invite', {
      key: IDENTITY,
      role: 'writer',
      epoch: writer.currentKeys().id,
      lockbox: 'AAAA',
      user: writer.parts.deps.identity.userId,
    })
    // A joining device whose user key is a real key plus a point of order 8.
    const code = await admin.createInvite({ role: 'writer' })
    const parsed = parseInviteCode(code)
    if (!parsed.ok) throw new Error(parsed.detail)
    const inviteKeys = await deriveInviteKeys(parsed.value.secret)
    const invite = [...admin.parts.membership.state.invites.values()].find((i) => i.key === toHex(inviteKeys.signing.publicKey))!
    const torsion = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
    const user = await generateKeyPair('Ed25519', true)
    const phone = await newDeviceOf(user)
    const device = { ...phone.record, user: toHex(ed25519.Point.fromBytes(user.publicKey).add(torsion).toBytes()) }
    const join = await signEntry(
      {
        ws: admin.id,
        type: 'join',
        parents: admin.parts.membership.state.heads,
        author: device.id,
        at: 1,
        body: { invite: invite.hash, device, proof: await signJoinProof(admin.id, invite.hash, device.id, inviteKeys.signing.privateKey) },
      },
      phone.signing.privateKey,
    )
    const weakJoin = await hashRecord(join)
    await team.storage.write(paths.memberEntry(admin.id, weakJoin), encodeRecord(join))
    ;(await writer.doc<Tasks>('tasks')).change((d) => void (d.ok = 'still syncing'))
    await syncAll(team.workspaces)
    for (const ws of [admin, writer]) {
      expect(ws.parts.membership.state.refused.get(weakInvite)).toMatch(/the invite key is a small-order Ed25519 point/)
      expect(ws.parts.membership.state.refusalReasons.get(weakInvite)).toBe('invalid-entry')
      expect(ws.membership.invites.has(weakInvite)).toBe(false)
      expect(ws.parts.membership.state.refused.get(weakJoin)).toMatch(/the user key is an Ed25519 point with a small-order component/)
      expect(ws.membership.devices.has(device.id)).toBe(false)
      expect((await tasksOf(ws)).ok).toBe('still syncing')
    }
  })
})
