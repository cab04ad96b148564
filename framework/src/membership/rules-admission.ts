// Who gets in: invites (admins; a device invite also by a device of that user), revoking them,
// joins with an invite, and devices a user adds for themselves.

import { ed25519PrimeOrderProblem } from '../crypto/ed25519-public-key.ts'
import { verifyDeviceRecord, type DeviceRecord } from '../identity/device-identity.ts'
import { verifyJoinProof, type EntryOf } from './entries.ts'
import { badSignature, invalidEntry, unauthorized, type Refusal } from './refusal.ts'
import { cachedCheck, deviceKeysProblem, isCurrentDeviceOf, requireAdmin, type RuleContext } from './rules-common.ts'
import { addLockboxes } from './rules-keys.ts'
import type { MembershipState } from './state.ts'
import { initialWindows } from './write-windows.ts'

export function invite(state: MembershipState, entry: EntryOf<'invite'>, ctx: RuleContext): Refusal | undefined {
  const { key, role, epoch, lockbox, expires, uses, user } = entry.body
  if (user === undefined || !isCurrentDeviceOf(state, entry.author, user)) {
    const problem = requireAdmin(state, entry.author, 'invite')
    if (problem) return user === undefined ? problem : unauthorized('only a device of that user (or an admin) may invite a device of theirs')
  }
  if (!state.epochs.has(epoch)) return invalidEntry(`invite carries unknown epoch ${epoch}`)
  const weak = ed25519PrimeOrderProblem(key)
  if (weak) return invalidEntry(`the invite key is ${weak}`)
  state.invites.set(ctx.hash, { hash: ctx.hash, key, role, epoch, lockbox, expires, uses, user, used: 0, revoked: false })
  return undefined
}

export function revokeInvite(state: MembershipState, entry: EntryOf<'revoke-invite'>): Refusal | undefined {
  const problem = requireAdmin(state, entry.author, 'revoke an invite')
  if (problem) return problem
  const target = state.invites.get(entry.body.invite)
  if (!target) return invalidEntry('no such invite')
  if (target.revoked) return invalidEntry('the invite is already revoked')
  target.revoked = true
  return undefined
}

export async function join(state: MembershipState, entry: EntryOf<'join'>, ctx: RuleContext): Promise<Refusal | undefined> {
  const { body } = entry
  if (body.device.id !== entry.author) return unauthorized('a join must be signed by the joining device')
  if (body.device.kind === 'recovery') return invalidEntry('a recovery key cannot join')
  const invitation = state.invites.get(body.invite)
  if (!invitation) return invalidEntry('the invite does not exist or is not valid')
  if (invitation.revoked) return invalidEntry('the invite was revoked')
  if (invitation.uses !== undefined && invitation.used >= invitation.uses) return invalidEntry('the invite has been used up')
  if (invitation.expires !== undefined && entry.at > invitation.expires) return invalidEntry('the invite had expired')
  if (state.devices.has(body.device.id)) return invalidEntry('the device is already in the workspace')
  if (invitation.user !== undefined) {
    const owner = state.members.get(invitation.user)
    if (body.device.user !== invitation.user || !owner || owner.removed) return unauthorized('a device invite admits only a device of its user, while they are a member')
  }
  const weak = deviceKeysProblem(body.device)
  if (weak) return invalidEntry(weak)
  if (!(await cachedCheck(ctx, 'cert', () => verifyDeviceRecord(body.device)))) return badSignature('the device certificate does not verify')
  const proofOk = await cachedCheck(ctx, 'proof', () => verifyJoinProof(state.ws, body.invite, body.device.id, body.proof, invitation.key))
  if (!proofOk) return badSignature('the invite proof does not verify')
  invitation.used++
  const member = state.members.get(body.device.user)
  if (member && !member.removed) member.devices.add(body.device.id)
  else
    state.members.set(body.device.user, {
      userId: body.device.user,
      role: invitation.role,
      devices: new Set([body.device.id, ...(member?.devices ?? [])]),
      seniority: ctx.position,
      removed: false,
    })
  const role = state.members.get(body.device.user)!.role
  addDeviceRecord(state, body.device, role !== 'reader')
  state.epochs.get(invitation.epoch)?.holders.add(body.device.id)
  return undefined
}

function addDeviceRecord(state: MembershipState, record: DeviceRecord, write: boolean): void {
  state.devices.set(record.id, { record, windows: initialWindows(write && record.kind !== 'recovery'), removed: false })
}

export async function addDevice(state: MembershipState, entry: EntryOf<'add-device'>, ctx: RuleContext): Promise<Refusal | undefined> {
  const { device, lockboxes = [] } = entry.body
  if (state.devices.has(device.id)) return invalidEntry('the device is already in the workspace')
  const member = state.members.get(device.user)
  if (!member || member.removed) return invalidEntry('the device belongs to a user who is not a member')
  if (!isCurrentDeviceOf(state, entry.author, device.user)) return unauthorized('only a current device of the same user may add a device')
  const weak = deviceKeysProblem(device)
  if (weak) return invalidEntry(weak)
  if (!(await cachedCheck(ctx, 'cert', () => verifyDeviceRecord(device)))) return badSignature('the device certificate does not verify')
  if (lockboxes.some((l) => l.to !== device.id || !state.epochs.has(l.epoch))) return invalidEntry('lockboxes must be for the added device and known epochs')
  member.devices.add(device.id)
  addDeviceRecord(state, device, member.role !== 'reader')
  addLockboxes(state, lockboxes, entry.author)
  return undefined
}
