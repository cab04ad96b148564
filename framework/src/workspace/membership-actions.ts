// Changing who is in a workspace: roles, removals, revoked invites, key rotation. Each action
// is one signed entry appended to the log; removals carry a new epoch sealed to every
// remaining device, so whoever left cannot read what is written afterwards. Cutoffs record
// how far this device had applied each affected device's log, so every peer agrees on which
// of their envelopes stay valid.

import { ROLES, signEntry, type EntryBodies, type MemberEntry, type MemberEntryType } from '../membership/entries.ts'
import type { Role } from '../api/role.ts'
import { createRotation, sealLockbox } from '../membership/key-access.ts'
import type { DeviceRecord } from '../identity/device-identity.ts'
import { isCurrentDevice } from '../membership/state.ts'
import { deriveInviteKeys, parseInviteCode } from '../membership/invite-code.ts'
import { ClientfulError, invalidArgument } from '../util/errors.ts'
import { toHex } from '../util/bytes.ts'
import type { EngineContext } from '../sync/engine-parts.ts'

/** What membership actions use of their workspace. */
export type MembershipActionContext = EngineContext<'membership' | 'keyring' | 'outbox' | 'progress' | 'identity' | 'now'> & {
  /** Tells listeners (the relay room) that the membership changed. */
  membershipChanged(): void
}

/** Appends one entry; throws with the log's own reason if the entry is refused. */
export async function appendEntry<T extends MemberEntryType>(workspace: MembershipActionContext, type: T, body: EntryBodies[T]): Promise<string> {
  const { membership, now, identity } = workspace.parts
  const signed = await signEntry(
    { ws: workspace.id, type, parents: membership.state.heads, author: workspace.deviceId, body, at: now() },
    identity.signing.privateKey,
  )
  const hash = await membership.add(signed as MemberEntry)
  const refused = membership.state.refused.get(hash)
  if (refused) throw new ClientfulError('forbidden', `the workspace refuses this ${type}: ${refused}`)
  workspace.membershipChanged()
  return hash
}

/**
 * How far this device applied each device's log, gap-free: a removal or role change takes
 * effect after these. Never the highest number seen: a device could send one far-ahead
 * envelope over the relay and have every later write it makes fall below its own cutoff.
 */
async function cutoffsFor(workspace: MembershipActionContext, devices: Iterable<string>): Promise<Record<string, number>> {
  const cutoffs: Record<string, number> = {}
  for (const device of devices) {
    cutoffs[device] = device === workspace.deviceId ? workspace.parts.outbox.lastSeq : (await workspace.parts.progress.get(device)).highWater
  }
  return cutoffs
}

function memberOf(workspace: MembershipActionContext, member: string) {
  const info = workspace.parts.membership.state.members.get(member)
  if (!info || info.removed) throw new ClientfulError('not-found', `no member ${member.slice(0, 12)}… in this workspace`)
  return info
}

export async function changeRole(workspace: MembershipActionContext, member: string, role: Role): Promise<void> {
  if (!ROLES.includes(role)) throw invalidArgument('role', 'admin, writer or reader')
  const info = memberOf(workspace, member)
  if (info.role === role) return
  await appendEntry(workspace, 'role', { member, role, cutoffs: await cutoffsFor(workspace, info.devices) })
}

/** Removes a member (or, for your own user id, leaves) and moves everyone else to a new epoch. */
export async function removeMember(workspace: MembershipActionContext, member: string): Promise<void> {
  const info = memberOf(workspace, member)
  const devices = [...info.devices].filter((d) => isCurrentDevice(workspace.parts.membership.state, d))
  const cutoffs = await cutoffsFor(workspace, info.devices)
  if (member === workspace.parts.identity.userId) {
    // Leaving: whoever leaves must not choose the next key; an admin rotates after.
    await appendEntry(workspace, 'remove-member', { member, cutoffs })
    return
  }
  const { rotation, secret } = await createRotation(workspace.parts.membership.state, workspace.parts.keyring, devices)
  await appendEntry(workspace, 'remove-member', { member, cutoffs, rotation })
  await workspace.parts.keyring.add(secret)
}

export async function removeDevice(workspace: MembershipActionContext, device: string): Promise<void> {
  if (!isCurrentDevice(workspace.parts.membership.state, device)) throw new ClientfulError('not-found', `no current device ${device.slice(0, 12)}… in this workspace`)
  const cutoff = (await cutoffsFor(workspace, [device]))[device]!
  if (device === workspace.deviceId) {
    await appendEntry(workspace, 'remove-device', { device, cutoff })
    return
  }
  const { rotation, secret } = await createRotation(workspace.parts.membership.state, workspace.parts.keyring, [device])
  await appendEntry(workspace, 'remove-device', { device, cutoff, rotation })
  await workspace.parts.keyring.add(secret)
}

/** A new epoch for everyone current (e.g. after a member left by themselves). */
export async function rotateKeys(workspace: MembershipActionContext): Promise<void> {
  const { rotation, secret } = await createRotation(workspace.parts.membership.state, workspace.parts.keyring, [])
  await appendEntry(workspace, 'rotate', { rotation })
  await workspace.parts.keyring.add(secret)
}

/** Revokes an invite, named by its entry hash or by the code itself. */
export async function revokeInvite(workspace: MembershipActionContext, inviteOrCode: string): Promise<void> {
  let hash = inviteOrCode
  if (!/^[0-9a-f]{64}$/.test(inviteOrCode)) {
    const parsed = parseInviteCode(inviteOrCode)
    if (!parsed.ok) throw new ClientfulError('invalid-invite', parsed.detail)
    const key = toHex((await deriveInviteKeys(parsed.value.secret)).signing.publicKey)
    const found = [...workspace.parts.membership.state.invites.values()].find((i) => i.key === key)
    if (!found) throw new ClientfulError('not-found', 'no such invite in this workspace')
    hash = found.hash
  }
  await appendEntry(workspace, 'revoke-invite', { invite: hash })
}

/** Registers this user's recovery key as a device that receives every epoch's key. */
export async function registerRecoveryKey(workspace: MembershipActionContext, record: DeviceRecord): Promise<void> {
  if (workspace.parts.membership.state.devices.has(record.id)) return
  const { keyring } = workspace.parts
  const lockboxes = await Promise.all(keyring.held().map((id) => sealLockbox(record, id, keyring.get(id)!.secret)))
  await appendEntry(workspace, 'add-device', { device: record, lockboxes })
}
