// What every device does after learning of membership changes: take the keys sealed to it,
// and help the log converge — an admin rotates when someone left without a rotation, a
// writer seals the current key to devices that lack it, and a writer acknowledges writes it
// applied from a device before learning that a removal or demotion cut them off.
//
// Each step converges: a device seals the current key to a device at most once (until an
// admin, the epoch's creator or the device's own user vouches for it, see rules-keys.ts), and
// acknowledges a device only while its gap-free high-water mark reaches into a cut window.

import { adoptEpochKeys, sealLockbox, type LockboxOpener } from '../membership/key-access.ts'
import { currentDevices, roleOfDevice, type MembershipState } from '../membership/state.ts'
import { MAX_LOCKBOX_COPIES } from '../membership/rules-keys.ts'
import { acknowledge } from '../membership/write-windows.ts'
import type { Rejection } from '../sync/rejection.ts'
import { appendEntry, rotateKeys, type MembershipActionContext } from './membership-actions.ts'

export async function maintainMembership(
  workspace: MembershipActionContext,
  openers: readonly LockboxOpener[],
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<number> {
  const { membership, keyring } = workspace.parts
  for (const problem of await adoptEpochKeys(membership.state, keyring, openers)) {
    await reject({ kind: 'member-entry', reason: 'invalid-entry', detail: problem.detail })
  }
  const role = roleOfDevice(membership.state, workspace.deviceId)
  if (role === undefined) return 0
  let added = 0

  if (membership.state.needsRotation && role === 'admin') {
    await rotateKeys(workspace)
    added++
  }
  if (role === 'reader') return added
  if (await grantCurrentKey(workspace)) added++
  added += await acknowledgeCutWrites(workspace)
  return added
}

/**
 * Devices lacking the current key to which a copy from this device would still be kept: none
 * from this device's user yet, and room left. So each device grants a device at most once.
 */
export function devicesToGrant(state: MembershipState, me: string): string[] {
  const current = state.epochs.get(state.currentEpoch)
  if (!current) return []
  const userOf = (device: string): string | undefined => state.devices.get(device)?.record.user
  const myUser = userOf(me)
  return currentDevices(state).filter((d) => {
    const copies = current.lockboxes.get(d) ?? []
    return !current.holders.has(d) && copies.length < MAX_LOCKBOX_COPIES && !copies.some((copy) => userOf(copy.granter) === myUser)
  })
}

async function grantCurrentKey(workspace: MembershipActionContext): Promise<boolean> {
  const { membership, keyring } = workspace.parts
  const state = membership.state
  const keys = keyring.get(state.currentEpoch)
  const lacking = devicesToGrant(state, workspace.deviceId)
  if (!keys || lacking.length === 0) return false
  const lockboxes = await Promise.all(lacking.map((d) => sealLockbox(state.devices.get(d)!.record, state.currentEpoch, keys.secret)))
  await appendEntry(workspace, 'grant', { lockboxes })
  return true
}

/** Acks, up to this device's gap-free high-water mark, every device whose cut writes it applied. */
async function acknowledgeCutWrites(workspace: MembershipActionContext): Promise<number> {
  const { membership, progress } = workspace.parts
  let added = 0
  const cut = [...membership.state.devices].filter(([id, device]) => id !== workspace.deviceId && device.windows.some((w) => w.cut && !w.write))
  if (cut.length === 0) return 0
  // Read-only: progress.get would record an empty entry for a device never applied from.
  const progressByDevice = await progress.all()
  for (const [id, device] of cut) {
    const applied = progressByDevice.get(id)?.highWater ?? 0
    if (applied > 0 && acknowledge(device.windows, applied)) {
      await appendEntry(workspace, 'ack', { device: id, seq: applied })
      added++
    }
  }
  return added
}
