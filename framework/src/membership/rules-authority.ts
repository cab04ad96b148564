// Changing authority: roles, removing members and devices. Each records a cutoff per device
// (what its author had applied, gap-free) where the device's write window changes; removals
// and demotions are losses of authority, for the "removal wins" rule of the fold.

import type { EntryOf, Rotation } from './entries.ts'
import { invalidEntry, type Refusal } from './refusal.ts'
import { isCurrentDeviceOf, requireAdmin, type RuleContext } from './rules-common.ts'
import { checkRotation, rotate } from './rules-keys.ts'
import { adminCount, isCurrentDevice, type MembershipState } from './state.ts'
import { closeFrom, openFrom } from './write-windows.ts'

export function changeRole(state: MembershipState, entry: EntryOf<'role'>, ctx: RuleContext): Refusal | undefined {
  const problem = requireAdmin(state, entry.author, 'change roles')
  if (problem) return problem
  const member = state.members.get(entry.body.member)
  if (!member || member.removed) return invalidEntry('no such member')
  if (member.role === entry.body.role) return invalidEntry(`the member is already ${entry.body.role}`)
  if (member.role === 'admin' && adminCount(state) === 1) return invalidEntry('the last admin cannot be demoted')
  const wasAdmin = member.role === 'admin'
  member.role = entry.body.role
  for (const id of member.devices) {
    const device = state.devices.get(id)!
    const from = (entry.body.cutoffs[id] ?? 0) + 1
    // A removed device stays removed: a role change may narrow its window, never re-open it.
    const write = entry.body.role !== 'reader' && device.record.kind !== 'recovery'
    if (write && !device.removed) device.windows = openFrom(device.windows, from)
    else if (!write) device.windows = closeFrom(device.windows, from)
  }
  if (wasAdmin) state.losses.push({ entry: ctx.hash, devices: [...member.devices], lost: 'admin' })
  return undefined
}

function closeDevice(state: MembershipState, id: string, cutoff: number): void {
  const device = state.devices.get(id)!
  device.removed = true
  device.windows = closeFrom(device.windows, cutoff + 1)
}

export function removeMember(state: MembershipState, entry: EntryOf<'remove-member'>, ctx: RuleContext): Refusal | undefined {
  const member = state.members.get(entry.body.member)
  if (!member || member.removed) return invalidEntry('no such member')
  if (!isCurrentDeviceOf(state, entry.author, member.userId)) {
    const problem = requireAdmin(state, entry.author, 'remove a member')
    if (problem) return problem
  }
  if (member.role === 'admin' && adminCount(state) === 1) return invalidEntry('the last admin cannot be removed')
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

export function removeDevice(state: MembershipState, entry: EntryOf<'remove-device'>, ctx: RuleContext): Refusal | undefined {
  const target = state.devices.get(entry.body.device)
  if (!target || !isCurrentDevice(state, entry.body.device)) return invalidEntry('no such current device')
  if (!isCurrentDeviceOf(state, entry.author, target.record.user)) {
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

function finishRemoval(state: MembershipState, rotation: Rotation | undefined, author: string, ctx: RuleContext): Refusal | undefined {
  if (rotation) return rotate(state, rotation, author, ctx)
  state.needsRotation = true
  return undefined
}

