// Storage is the source of truth; the relay only makes things fast. An envelope applied from
// the relay stays unconfirmed until this device has read the same one from storage: a
// different one there is a fork ('equivocation'), and one still missing after a while is a
// device withholding what it showed (a visible problem, never silence). One bounded read per
// relayed envelope, once.

import { MAX_ENVELOPE_BYTES, envelopeHash, parseEnvelope } from '../format/envelope.ts'
import { paths } from '../format/paths.ts'
import { readBounded } from '../storage/bounded-read.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import type { ProgressStore } from './progress-store.ts'
import type { Rejection } from './rejection.ts'

/** How long an author has to upload what it relayed before it shows as withheld. */
export const RELAY_UPLOAD_GRACE_MS = 2 * 60_000

export interface Unconfirmed {
  readonly device: string
  readonly count: number
  readonly since: number
}

/** Checks relayed envelopes against one storage location: what it holds is confirmed (or a fork). */
export async function confirmRelayed(ws: string, storage: UserStorage, progress: ProgressStore, reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>): Promise<void> {
  for (const { device, seq, hash } of await progress.unconfirmed()) {
    const path = paths.envelope(ws, device, seq)
    const read = await readBounded(storage, path, MAX_ENVELOPE_BYTES)
    const parsed = read.ok && read.bytes ? parseEnvelope(read.bytes) : undefined
    if (!parsed?.ok) continue
    await progress.confirmed(device, seq)
    if (envelopeHash(parsed.value) !== hash) {
      await reject({ kind: 'envelope', path, device, seq, reason: 'equivocation', detail: `storage holds another #${seq} of ${device.slice(0, 12)}… than the one it sent over the relay: the device signed two different envelopes for one number` })
    }
  }
}

/** Relayed envelopes no storage location holds after the grace period, by author. */
export async function withheld(progress: ProgressStore, now: number): Promise<Unconfirmed[]> {
  const byDevice = new Map<string, Unconfirmed>()
  for (const { device, at } of await progress.unconfirmed()) {
    if (now - at < RELAY_UPLOAD_GRACE_MS) continue
    const known = byDevice.get(device)
    byDevice.set(device, { device, count: (known?.count ?? 0) + 1, since: Math.min(known?.since ?? at, at) })
  }
  return [...byDevice.values()]
}
