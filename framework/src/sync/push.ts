// Uploading this device's log to one storage: every envelope past what that storage holds
// (this device is the only writer there), then the marker announcing the new head. Each
// storage has its own head, kept on the device; when a storage's marker shows it holds less
// than that (an old backup restored, files withheld), the head falls back and the missing
// envelopes are uploaded again from the device's own copies.
//
// The marker is also rewritten, with the same head, after this device uploaded membership
// entries there: readers list members/ only when some marker's change token moved
// (storage-listings.ts), so this is how new entries announce themselves.

import type { PushReport } from '../api/sync-report.ts'
import { createMarker } from '../format/marker.ts'
import { paths } from '../format/paths.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { LocalStore } from '../local/local-store.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent } from '../util/async.ts'
import { utf8Encode } from '../util/bytes.ts'
import type { Outbox } from './outbox.ts'

const UPLOAD_CONCURRENCY = 8

export interface PushContext {
  readonly storage: UserStorage
  readonly ws: string
  readonly deviceId: string
  readonly signer: PrivateKey
  readonly outbox: Outbox
  readonly local: LocalStore
  /** Local key under which this storage's head is kept. */
  readonly headKey: readonly string[]
  /** Our marker's head as this storage holds it (markers.ts; undefined: none there). */
  readonly ownHead: number | undefined
  /** Rewrite the marker even with nothing to upload: membership entries went up since it was written. */
  readonly announce: boolean
  readonly now: () => number
}

export async function storedHead(local: LocalStore, headKey: readonly string[]): Promise<number> {
  return (await local.getJson<number>(headKey)) ?? 0
}

export async function pushToStorage(ctx: PushContext): Promise<PushReport> {
  const known = await storedHead(ctx.local, ctx.headKey)
  // No marker served: the storage lost it, or its listing lags (Drive); the last envelope tells which.
  const served = ctx.ownHead ?? (known > 0 && (await ctx.storage.read(paths.envelope(ctx.ws, ctx.deviceId, known))) ? known : 0)
  const from = Math.min(known, served)
  const head = ctx.outbox.lastSeq
  if (from >= head) {
    const markerAt = ctx.announce ? await writeMarker(ctx, head) : undefined
    return { envelopes: 0, changes: 0, head, restored: 0, markerAt }
  }
  const seqs = Array.from({ length: head - from }, (_, i) => from + 1 + i)
  let changes = 0
  await mapConcurrent(seqs, UPLOAD_CONCURRENCY, async (seq) => {
    const record = await ctx.outbox.record(seq)
    if (!record) throw new Error(`this device has lost its own envelope #${seq}`)
    await ctx.storage.write(paths.envelope(ctx.ws, ctx.deviceId, seq), utf8Encode(record.file))
    if (seq > known) changes += record.changes
  })
  const markerAt = await writeMarker(ctx, head)
  return { envelopes: seqs.length, changes, head, restored: Math.max(0, Math.min(known, head) - from), markerAt }
}

async function writeMarker(ctx: PushContext, head: number): Promise<number> {
  const at = ctx.now()
  await ctx.storage.write(paths.marker(ctx.ws, ctx.deviceId), await createMarker(ctx.ws, ctx.deviceId, head, at, ctx.signer))
  await ctx.local.putJson(ctx.headKey, head)
  return at
}
