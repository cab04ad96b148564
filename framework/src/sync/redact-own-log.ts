// Rewriting this device's own log after an erasure (docs/ERASURE.md). One writer per file
// still holds: a device rewrites only the envelopes it wrote, at the same numbers. From the
// first envelope that carried an erased document's changes on, each is replaced by a redaction:
// the erased documents' changes taken out, the sealed-changes digest (`own`) signed again without
// them — so snapshots without the erased documents check out against it — sealed under the
// current epoch, and naming the erasure and the envelope it stands for. The chain is unchanged.
//
// The pass is idempotent: an envelope already redacted the same way is left alone, so a crash
// half-way is finished by the next sync.

import { compressBatch, decodeSealedBatch, encodeChangeBatch, type DocChanges } from '../format/change-batch.ts'
import { encodeEnvelope, parseEnvelope, redactedHeader, type EnvelopeFile } from '../format/envelope.ts'
import { paths } from '../format/paths.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { utf8Decode, utf8Encode } from '../util/bytes.ts'
import type { EngineContext } from './engine-parts.ts'
import { ownHeadsDigest, withChanges, type OwnHeads } from './own-heads.ts'

/** A storage location and how far this device's log has been uploaded there. */
export interface RedactionTarget {
  readonly url: string
  readonly storage: UserStorage
  /** Envelopes up to here are in this location: a redaction replaces them there too. */
  readonly uploaded: number
}

export type RedactionContext = EngineContext<'outbox' | 'crypto'> & {
  /** The epoch redactions are sealed under: the current one. */
  readonly currentEpoch: () => string
}

export interface RedactionReport {
  /** Envelopes this device could not read back (no record, no key): left as they are. */
  readonly unreadable: number[]
}

export async function redactOwnLog(
  ctx: RedactionContext,
  erasure: string,
  erased: ReadonlySet<string>,
  targets: readonly RedactionTarget[],
): Promise<RedactionReport> {
  const { outbox, crypto } = ctx.parts
  let own: OwnHeads = {}
  const unreadable: number[] = []
  for (let seq = 1; seq <= outbox.lastSeq; seq++) {
    const file = await ownEnvelope(ctx, seq, targets)
    const plaintext = file ? await crypto.decrypt(file) : undefined
    const batch = plaintext && (await decodeSealedBatch(plaintext))
    // Envelopes from before chains cannot be redacted (no prev, no own): they are left as they
    // are (docs/ERASURE.md) and do not hold the erasure up, but what they sealed still counts
    // in the digests the later ones sign.
    if (file && file.v < 2) {
      if (batch && batch.ok) own = withChanges(own, batch.value)
      continue
    }
    if (!file || !batch || !batch.ok) {
      unreadable.push(seq)
      continue
    }
    own = withChanges(own, batch.value)
    const kept = batch.value.filter((doc) => !erased.has(doc.docId))
    const keptOwn = ownHeadsDigest(without(own, erased))
    if (kept.length === batch.value.length && keptOwn === file.own) continue
    const redaction = await crypto.seal(redactedHeader(file, ctx.currentEpoch(), keptOwn, erasure), await compressBatch(encodeChangeBatch(kept)))
    const bytes = encodeEnvelope(redaction)
    // Storage first: if this device stops here, its record still matches what it reads back.
    for (const target of targets) if (seq <= target.uploaded) await target.storage.write(paths.envelope(ctx.id, ctx.deviceId, seq), bytes)
    await outbox.redactRecord(seq, utf8Decode(bytes), changeCount(kept))
  }
  await outbox.forgetDocs(erased)
  return { unreadable }
}

/** This device's envelope `seq`: its own record, else the first location that has it. */
async function ownEnvelope(ctx: RedactionContext, seq: number, targets: readonly RedactionTarget[]): Promise<EnvelopeFile | undefined> {
  const record = await ctx.parts.outbox.record(seq)
  const local = record && parseEnvelope(utf8Encode(record.file))
  if (local && local.ok) return local.value
  for (const target of targets) {
    const bytes = await target.storage.read(paths.envelope(ctx.id, ctx.deviceId, seq)).catch(() => undefined)
    const parsed = bytes && parseEnvelope(bytes)
    if (parsed && parsed.ok && parsed.value.device === ctx.deviceId && parsed.value.seq === seq) return parsed.value
  }
  return undefined
}

function without(own: OwnHeads, erased: ReadonlySet<string>): OwnHeads {
  return Object.fromEntries(Object.entries(own).filter(([docId]) => !erased.has(docId)))
}

function changeCount(docs: readonly DocChanges[]): number {
  return docs.reduce((sum, doc) => sum + doc.changes.length, 0)
}
