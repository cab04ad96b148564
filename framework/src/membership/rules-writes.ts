// Acknowledgements: the one entry that widens a device's write window. A device that applied
// another device's envelopes before it learned that a removal or demotion cut them off tells
// everyone so, and every replica then accepts them too and converges. It can only vouch for
// what it could have applied: writes that were allowed until a cut, up to its own gap-free
// high-water mark, and only while it may write itself (write-windows.ts has the exact rule).

import type { EntryOf } from './entries.ts'
import { invalidEntry, unauthorized, type Refusal } from './refusal.ts'
import { roleOfDevice, type MembershipState } from './state.ts'
import { acknowledge } from './write-windows.ts'

/**
 * An erasure: admins only. A later demotion does not void it (devices have already deleted
 * what it names); like any entry, it is voided with its author's concurrent removal.
 */
export function erase(state: MembershipState, entry: EntryOf<'erase'>, ctx: { readonly hash: string }): Refusal | undefined {
  if (roleOfDevice(state, entry.author) !== 'admin') return unauthorized('only an admin may erase')
  if (entry.body.docs.length === 0 && entry.body.blobs.length === 0) return invalidEntry('an erasure names at least one document or attachment')
  state.erasures.set(ctx.hash, { docs: [...entry.body.docs], blobs: entry.body.blobs.map((b) => ({ ...b })), by: entry.author, at: entry.at, epoch: state.currentEpoch })
  return undefined
}

export function ack(state: MembershipState, entry: EntryOf<'ack'>): Refusal | undefined {
  const role = roleOfDevice(state, entry.author)
  if (role === undefined) return unauthorized('only a current device may acknowledge')
  if (role === 'reader') return unauthorized('only a device that may write may acknowledge writes')
  if (entry.author === entry.body.device) return unauthorized('a device cannot acknowledge its own writes')
  const device = state.devices.get(entry.body.device)
  if (!device) return invalidEntry('nothing to acknowledge: no such device')
  const windows = acknowledge(device.windows, entry.body.seq)
  if (!windows) {
    return unauthorized(`nothing to acknowledge: an ack re-admits only writes a removal or demotion cut off, and none of ${entry.body.device.slice(0, 12)}…'s up to #${entry.body.seq} were`)
  }
  device.windows = windows
  return undefined
}
