// The rule each membership entry must satisfy against the state its predecessors produced,
// and what it changes. A rule either refuses the entry with a reason or applies it whole.

import { verifyDeviceRecord, type DeviceRecord } from '../identity/device-identity.ts'
import { verifyEntrySignature, verifyJoinProof, type EntryOf, type Lockbox, type MemberEntry, type Rotation } from './entries.ts'
import {
  adminCount,
  currentDevices,
  isCurrentDevice,
  overrideWindows,
  roleOfDevice,
  type EpochInfo,
  type MembershipState,
} from './state.ts'

/** Results of signature checks that do not depend on state, cached across folds. */
export type SignatureCache = Map<string, boolean>

export interface RuleContext {
  readonly hash: string
  readonly position: number
  readonly cache: SignatureCache
}

type Problem = string | undefined

async function cached(ctx: RuleContext, key: string, check: () => Promise<boolean>): Promise<boolean> {
  const id = `${ctx.hash}/${key}`
  let ok = ctx.cache.get(id)
  if (ok === undefined) {
    ok = await check()
    ctx.cache.set(id, ok)
  }
  return ok
}

export async function applyEntry(state: MembershipState, entry: MemberEntry, ctx: RuleContext): Promise<Problem> {
  if (!(await cached(ctx, 'sig', () => verifyEntrySignature(entry)))) return 'signature does not verify'
  if (entry.ws !== state.ws) return 'entry belongs to another workspace'
  // A recovery key only ever admits a new device of its user (restoring from the kit).
  if (state.devices.get(entry.author)?.record.kind === 'recovery' && entry.type !== 'add-device') return 'a recovery key may only add a device'
  switch (entry.type) {
    case 'invite':
      return invite(state, entry, ctx)
    case 'revoke-invite':
      return revokeInvite(state, entry)
    case 'join':
      return join(state, entry, ctx)
    case 'add-device':
      return addDevice(state, entry, ctx)
    case 'role':
      return changeRole(state, entry, ctx)
    case 'remove-member':
      return removeMember(state, entry, ctx)
    case 'remove-device':
      return removeDevice(state, entry, ctx)
    case 'rotate':
      return roleOfDevice(state, entry.author) !== 'admin' ? 'only an admin may rotate keys' : rotate(state, entry.body.rotation, entry.author, [], ctx)
    case 'grant':
      return grant(state, entry)
    case 'ack':
      return ack(state, entry)
  }
}

function requireAdmin(state: MembershipState, author: string, action: string): Problem {
  return roleOfDevice(state, author) === 'admin' ? undefined : `only an admin may ${action}`
}

function invite(state: MembershipState, entry: EntryOf<'invite'>, ctx: RuleContext): Problem {
  const { key, role, epoch, lockbox, expires, uses, user } = entry.body
  const ownDevice = user !== undefined && isCurrentDevice(state, entry.author) && state.devices.get(entry.author)!.record.user === user
  if (!ownDevice) {
    const problem = requireAdmin(state, entry.author, 'invite')
    if (problem) return user === undefined ? problem : 'only a device of that user (or an admin) may invite a device of theirs'
  }
  if (!state.epochs.has(epoch)) return `invite carries unknown epoch ${epoch}`
  state.invites.set(ctx.hash, { hash: ctx.hash, key, role, epoch, lockbox, expires, uses, user, used: 0, revoked: false })
  return undefined
}

function revokeInvite(state: MembershipState, entry: EntryOf<'revoke-invite'>): Problem {
  const problem = requireAdmin(state, entry.author, 'revoke an invite')
  if (problem) return problem
  const target = state.invites.get(entry.body.invite)
  if (!target) return 'no such invite'
  if (target.revoked) return 'the invite is already revoked'
  target.revoked = true
  return undefined
}

async function join(state: MembershipState, entry: EntryOf<'join'>, ctx: RuleContext): Promise<Problem> {
  const { body } = entry
  if (body.device.id !== entry.author) return 'a join must be signed by the joining device'
  if (body.device.kind === 'recovery') return 'a recovery key cannot join'
  const invitation = state.invites.get(body.invite)
  if (!invitation) return 'the invite does not exist or is not valid'
  if (invitation.revoked) return 'the invite was revoked'
  if (invitation.uses !== undefined && invitation.used >= invitation.uses) return 'the invite has been used up'
  if (invitation.expires !== undefined && entry.at > invitation.expires) return 'the invite had expired'
  if (state.devices.has(body.device.id)) return 'the device is already in the workspace'
  if (invitation.user !== undefined) {
    const owner = state.members.get(invitation.user)
    if (body.device.user !== invitation.user || !owner || owner.removed) return "a device invite admits only a device of its user, while they are a member"
  }
  if (!(await cached(ctx, 'cert', () => verifyDeviceRecord(body.device)))) return 'the device certificate does not verify'
  const proofOk = await cached(ctx, 'proof', () => verifyJoinProof(state.ws, body.invite, body.device.id, body.proof, invitation.key))
  if (!proofOk) return 'the invite proof does not verify'
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
  state.devices.set(record.id, { record, windows: [{ from: 1, write: write && record.kind !== 'recovery' }], removed: false })
}

async function addDevice(state: MembershipState, entry: EntryOf<'add-device'>, ctx: RuleContext): Promise<Problem> {
  const { device, lockboxes = [] } = entry.body
  if (state.devices.has(device.id)) return 'the device is already in the workspace'
  const member = state.members.get(device.user)
  if (!member || member.removed) return 'the device belongs to a user who is not a member'
  const sameUser = isCurrentDevice(state, entry.author) && state.devices.get(entry.author)!.record.user === device.user
  if (!sameUser) return 'only a current device of the same user may add a device'
  if (!(await cached(ctx, 'cert', () => verifyDeviceRecord(device)))) return 'the device certificate does not verify'
  if (lockboxes.some((l) => l.to !== device.id || !state.epochs.has(l.epoch))) return 'lockboxes must be for the added device and known epochs'
  member.devices.add(device.id)
  addDeviceRecord(state, device, member.role !== 'reader')
  addLockboxes(state, lockboxes)
  return undefined
}

function addLockboxes(state: MembershipState, lockboxes: readonly Lockbox[]): void {
  for (const lockbox of lockboxes) {
    const epoch = state.epochs.get(lockbox.epoch)!
    if (!epoch.lockboxes.has(lockbox.to)) epoch.lockboxes.set(lockbox.to, lockbox.box)
    epoch.holders.add(lockbox.to)
  }
}

function changeRole(state: MembershipState, entry: EntryOf<'role'>, ctx: RuleContext): Problem {
  const problem = requireAdmin(state, entry.author, 'change roles')
  if (problem) return problem
  const member = state.members.get(entry.body.member)
  if (!member || member.removed) return 'no such member'
  if (member.role === entry.body.role) return `the member is already ${entry.body.role}`
  if (member.role === 'admin' && adminCount(state) === 1) return 'the last admin cannot be demoted'
  const wasAdmin = member.role === 'admin'
  member.role = entry.body.role
  for (const id of member.devices) {
    const device = state.devices.get(id)!
    const from = (entry.body.cutoffs[id] ?? 0) + 1
    device.windows = overrideWindows(device.windows, { from, write: entry.body.role !== 'reader' && device.record.kind !== 'recovery' })
  }
  if (wasAdmin) state.losses.push({ entry: ctx.hash, devices: [...member.devices], lost: 'admin' })
  return undefined
}

function closeDevice(state: MembershipState, id: string, cutoff: number): void {
  const device = state.devices.get(id)!
  device.removed = true
  device.windows = overrideWindows(device.windows, { from: cutoff + 1, write: false })
}

async function removeMember(state: MembershipState, entry: EntryOf<'remove-member'>, ctx: RuleContext): Promise<Problem> {
  const member = state.members.get(entry.body.member)
  if (!member || member.removed) return 'no such member'
  const leaving = isCurrentDevice(state, entry.author) && state.devices.get(entry.author)!.record.user === member.userId
  if (!leaving) {
    const problem = requireAdmin(state, entry.author, 'remove a member')
    if (problem) return problem
  }
  if (member.role === 'admin' && adminCount(state) === 1) return 'the last admin cannot be removed'
  const targets = [...member.devices].filter((id) => !state.devices.get(id)!.removed)
  const { rotation } = entry.body
  if (rotation) {
    const problem = checkRotation(state, rotation, entry.author, targets)
    if (problem) return problem
  }
  member.removed = true
  for (const id of targets) closeDevice(state, id, entry.body.cutoffs[id] ?? 0)
  state.losses.push({ entry: ctx.hash, devices: [...member.devices], lost: 'removed' })
  return finishRemoval(state, rotation, entry.author, ctx)
}

async function removeDevice(state: MembershipState, entry: EntryOf<'remove-device'>, ctx: RuleContext): Promise<Problem> {
  const target = state.devices.get(entry.body.device)
  if (!target || !isCurrentDevice(state, entry.body.device)) return 'no such current device'
  const sameUser = isCurrentDevice(state, entry.author) && state.devices.get(entry.author)!.record.user === target.record.user
  if (!sameUser) {
    const problem = requireAdmin(state, entry.author, "remove another member's device")
    if (problem) return problem
  }
  const { rotation } = entry.body
  if (rotation) {
    const problem = checkRotation(state, rotation, entry.author, [entry.body.device])
    if (problem) return problem
  }
  closeDevice(state, entry.body.device, entry.body.cutoff)
  state.losses.push({ entry: ctx.hash, devices: [entry.body.device], lost: 'removed' })
  return finishRemoval(state, rotation, entry.author, ctx)
}

function finishRemoval(state: MembershipState, rotation: Rotation | undefined, author: string, ctx: RuleContext): Problem {
  if (rotation) return rotate(state, rotation, author, [], ctx)
  state.needsRotation = true
  return undefined
}

/** A rotation may seal the new secret only to devices that remain, and must include its author. */
function checkRotation(state: MembershipState, rotation: Rotation, author: string, leaving: readonly string[]): Problem {
  if (state.epochs.has(rotation.epoch)) return `epoch ${rotation.epoch} already exists`
  if (leaving.includes(author)) return 'a device that leaves cannot choose the next key'
  const remaining = new Set(currentDevices(state).filter((id) => !leaving.includes(id)))
  const seen = new Set<string>()
  for (const lockbox of rotation.lockboxes) {
    if (lockbox.epoch !== rotation.epoch) return 'a rotation lockbox names another epoch'
    if (!remaining.has(lockbox.to)) return `a rotation lockbox is sealed to ${lockbox.to.slice(0, 12)}…, which is not a remaining device`
    if (seen.has(lockbox.to)) return 'two rotation lockboxes for one device'
    seen.add(lockbox.to)
  }
  if (!seen.has(author)) return 'the rotation must include its author'
  return undefined
}

function rotate(state: MembershipState, rotation: Rotation, author: string, leaving: readonly string[], ctx: RuleContext): Problem {
  const problem = checkRotation(state, rotation, author, leaving)
  if (problem) return problem
  const epoch: EpochInfo = {
    id: rotation.epoch,
    createdBy: ctx.hash,
    position: ctx.position,
    lockboxes: new Map(rotation.lockboxes.map((l) => [l.to, l.box])),
    holders: new Set([author, ...rotation.lockboxes.map((l) => l.to)]),
    prev: rotation.prev,
  }
  state.epochs.set(epoch.id, epoch)
  state.currentEpoch = epoch.id
  state.needsRotation = false
  return undefined
}

function grant(state: MembershipState, entry: EntryOf<'grant'>): Problem {
  if (!isCurrentDevice(state, entry.author)) return 'only a current device may grant keys'
  for (const lockbox of entry.body.lockboxes) {
    if (!isCurrentDevice(state, lockbox.to)) return `a lockbox is sealed to ${lockbox.to.slice(0, 12)}…, which is not a current device`
    if (!state.epochs.has(lockbox.epoch)) return `unknown epoch ${lockbox.epoch}`
  }
  addLockboxes(state, entry.body.lockboxes)
  return undefined
}

function ack(state: MembershipState, entry: EntryOf<'ack'>): Problem {
  if (!isCurrentDevice(state, entry.author)) return 'only a current device may acknowledge'
  if (entry.author === entry.body.device) return 'a device cannot acknowledge its own writes'
  const device = state.devices.get(entry.body.device)
  const last = device?.windows.at(-1)
  if (!device || !last || last.write || entry.body.seq < last.from) return 'nothing to acknowledge'
  // The acknowledging device applied these before it learned they were no longer allowed:
  // everyone accepts them, so every replica converges.
  device.windows = overrideWindows(device.windows.slice(0, -1), { from: last.from, write: true })
  device.windows = overrideWindows(device.windows, { from: entry.body.seq + 1, write: false })
  return undefined
}
