// Reading the forwarding notes left where a workspace's files were deleted: each is checked
// (position, workspace, an author whose member may write, signature, an epoch this device
// holds) before it is believed, and the newest that checks out says where the workspace went.

import { forwardingPaths, openForwarding, parseForwarding, verifyForwardingSignature, type Forwarding } from '../format/forwarding-note.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import { roleOfDevice, type MembershipState } from '../membership/state.ts'
import { readBounded } from '../storage/bounded-read.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { MAX_FORWARDING_BYTES } from '../format/forwarding-note.ts'

/** At most this many notes are read (one per device that deleted files here). */
const MAX_NOTES = 16

export interface ForwardingReader {
  readonly id: string
  membership(): MembershipState
  keysOf(epoch: string): EpochKeys | undefined
}

export async function readForwarding(storage: UserStorage, reader: ForwardingReader): Promise<(Forwarding & { at: number }) | undefined> {
  const prefix = forwardingPaths.prefix(reader.id)
  const membership = reader.membership()
  let newest: (Forwarding & { at: number }) | undefined
  for (const path of (await storage.list(prefix)).slice(0, MAX_NOTES)) {
    const read = await readBounded(storage, path, MAX_FORWARDING_BYTES)
    if (!read.ok || !read.bytes) continue
    const parsed = parseForwarding(read.bytes)
    if (!parsed.ok) continue
    const note = parsed.value
    if (note.ws !== reader.id || path !== forwardingPaths.note(reader.id, note.device)) continue
    const role = roleOfDevice(membership, note.device)
    if (role !== 'admin' && role !== 'writer') continue
    if (!(await verifyForwardingSignature(note))) continue
    const keys = reader.keysOf(note.epoch)
    const forwarding = keys && (await openForwarding(note, keys.content))
    if (forwarding && (!newest || note.at > newest.at)) newest = { ...forwarding, at: note.at }
  }
  return newest
}
