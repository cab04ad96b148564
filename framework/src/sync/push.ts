// Uploading the outbox: every sealed envelope goes to the device's own log (it is the only
// writer there), then the marker announces the new head, then the records are dropped.

import { createMarker } from '../format/marker.ts'
import { paths } from '../format/paths.ts'
import type { PrivateKey } from '../crypto/keys.ts'
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
  readonly now: () => number
}

export interface PushReport {
  readonly envelopes: number
  readonly changes: number
  readonly head: number
}

export async function pushOutbox(ctx: PushContext): Promise<PushReport> {
  const records = await ctx.outbox.pending()
  if (records.length === 0) return { envelopes: 0, changes: 0, head: ctx.outbox.lastSeq }
  await mapConcurrent(records, UPLOAD_CONCURRENCY, (record) =>
    ctx.storage.write(paths.envelope(ctx.ws, ctx.deviceId, record.seq), utf8Encode(record.file)),
  )
  const head = records.at(-1)!.seq
  await ctx.storage.write(paths.marker(ctx.ws, ctx.deviceId), await createMarker(ctx.ws, ctx.deviceId, head, ctx.now(), ctx.signer))
  await ctx.outbox.acknowledge(head)
  return { envelopes: records.length, changes: records.reduce((sum, r) => sum + r.changes, 0), head }
}
