// Epoch keys in the log: rotations (a new epoch sealed to every remaining device) and grants
// (an existing epoch sealed to devices that lack it). A lockbox cannot be checked by anyone but
// its recipient, so the log keeps one copy per granting user (at most MAX_LOCKBOX_COPIES) and
// the recipient tries each: a garbage copy never hides a good one.

import type { EntryOf, Lockbox, Rotation } from './entries.ts'
import { invalidEntry, unauthorized, type Refusal } from './refusal.ts'
import { requireAdmin, type RuleContext } from './rules-common.ts'
import { currentDevices, isCurrentDevice, roleOfDevice, type EpochInfo, type MembershipState } from './state.ts'

/** Copies of one epoch secret kept for one device. */
export const MAX_LOCKBOX_COPIES = 16

export function rotateByAdmin(state: MembershipState, entry: EntryOf<'rotate'>, ctx: RuleContext): Refusal | undefined {
  return requireAdmin(state, entry.author, 'rotate keys') ?? rotate(state, entry.body.rotation, entry.author, ctx)
}

/** A rotation may seal the new secret only to devices that remain, and must include its author. */
export function checkRotation(state: MembershipState, rotation: Rotation, author: string, leaving: readonly string[]): Refusal | undefined {
  if (state.epochs.has(rotation.epoch)) return invalidEntry(`epoch ${rotation.epoch} already exists`)
  if (leaving.includes(author)) return unauthorized('a device that leaves cannot choose the next key')
  const remaining = new Set(currentDevices(state).filter((id) => !leaving.includes(id)))
  const seen = new Set<string>()
  for (const lockbox of rotation.lockboxes) {
    if (lockbox.epoch !== rotation.epoch) return invalidEntry('a rotation lockbox names another epoch')
    if (!remaining.has(lockbox.to)) return invalidEntry(`a rotation lockbox is sealed to ${lockbox.to.slice(0, 12)}…, which is not a remaining device`)
    if (seen.has(lockbox.to)) return invalidEntry('two rotation lockboxes for one device')
    seen.add(lockbox.to)
  }
  if (!seen.has(author)) return invalidEntry('the rotation must include its author')
  return undefined
}

export function rotate(state: MembershipState, rotation: Rotation, author: string, ctx: RuleContext): Refusal | undefined {
  const problem = checkRotation(state, rotation, author, [])
  if (problem) return problem
  const epoch: EpochInfo = {
    id: rotation.epoch,
    createdBy: ctx.hash,
    creator: author,
    position: ctx.position,
    lockboxes: new Map(rotation.lockboxes.map((l) => [l.to, [{ box: l.box, granter: author }]])),
    holders: new Set([author, ...rotation.lockboxes.map((l) => l.to)]),
    prev: rotation.prev,
  }
  state.epochs.set(epoch.id, epoch)
  state.currentEpoch = epoch.id
  state.needsRotation = false
  return undefined
}

export function grant(state: MembershipState, entry: EntryOf<'grant'>): Refusal | undefined {
  if (!isCurrentDevice(state, entry.author)) return unauthorized('only a current device may grant keys')
  for (const lockbox of entry.body.lockboxes) {
    if (!isCurrentDevice(state, lockbox.to)) return invalidEntry(`a lockbox is sealed to ${lockbox.to.slice(0, 12)}…, which is not a current device`)
    if (!state.epochs.has(lockbox.epoch)) return invalidEntry(`unknown epoch ${lockbox.epoch}`)
  }
  addLockboxes(state, entry.body.lockboxes, entry.author)
  return undefined
}

/**
 * Keeps each lockbox as a copy for its recipient: the first copy per granting user, up to
 * MAX_LOCKBOX_COPIES. The recipient counts as a holder only when the copy comes from someone
 * trusted with the key for it: the epoch's creator, an admin, or a device of its own user.
 */
export function addLockboxes(state: MembershipState, lockboxes: readonly Lockbox[], granter: string): void {
  const granterUser = state.devices.get(granter)?.record.user
  for (const lockbox of lockboxes) {
    const epoch = state.epochs.get(lockbox.epoch)!
    const copies = epoch.lockboxes.get(lockbox.to) ?? []
    const sameGranterUser = copies.some((c) => state.devices.get(c.granter)?.record.user === granterUser)
    const kept = !sameGranterUser && copies.length < MAX_LOCKBOX_COPIES
    if (kept) epoch.lockboxes.set(lockbox.to, [...copies, { box: lockbox.box, granter }])
    const recipientUser = state.devices.get(lockbox.to)?.record.user
    const trusted = granter === epoch.creator || roleOfDevice(state, granter) === 'admin' || (granterUser !== undefined && granterUser === recipientUser)
    if (trusted && (kept || sameGranterUser)) epoch.holders.add(lockbox.to)
  }
}
