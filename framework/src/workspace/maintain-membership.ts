// What every device does after learning of membership changes: take the keys sealed to it,
// and help the log converge — an admin rotates when someone left without a rotation, a
// writer seals the current key to devices that lack it, and a device acknowledges writes it
// applied from a device before learning that device had lost the right to write.

import { adoptEpochKeys, sealLockbox, type LockboxOpener } from '../membership/key-access.ts'
import { currentDevices, isCurrentDevice, roleOfDevice } from '../membership/state.ts'
import type { Rejection } from '../sync/rejection.ts'
import { appendEntry, rotateKeys } from './membership-actions.ts'
import type { Workspace } from './workspace.ts'

export async function maintainMembership(
  workspace: Workspace,
  openers: readonly LockboxOpener[],
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<number> {
  const { membership, keyring, progress } = workspace.parts
  for (const problem of await adoptEpochKeys(membership.state, keyring, openers)) {
    await reject({ kind: 'member-entry', reason: 'invalid-entry', detail: problem.detail })
  }
  const me = workspace.deviceId
  const role = roleOfDevice(membership.state, me)
  if (role === undefined) return 0
  let added = 0

  if (membership.state.needsRotation && role === 'admin') {
    await rotateKeys(workspace)
    added++
  }

  const state = membership.state
  const current = state.epochs.get(state.currentEpoch)
  if (current && keyring.has(current.id) && role !== 'reader') {
    const lacking = currentDevices(state).filter((d) => !current.holders.has(d))
    if (lacking.length > 0) {
      const secret = keyring.get(current.id)!.secret
      const lockboxes = await Promise.all(lacking.map((d) => sealLockbox(state.devices.get(d)!.record, current.id, secret)))
      await appendEntry(workspace, 'grant', { lockboxes })
      added++
    }
  }

  for (const [id, device] of membership.state.devices) {
    const last = device.windows.at(-1)
    if (id === me || !last || last.write || !isCurrentDevice(membership.state, me)) continue
    const applied = (await progress.get(id)).max
    if (applied >= last.from) {
      await appendEntry(workspace, 'ack', { device: id, seq: applied })
      added++
    }
  }
  return added
}
