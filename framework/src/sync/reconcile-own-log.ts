// Our own log in one storage, held against what this device sealed. Once a session it is
// listed: files storage lost are uploaded again, and envelopes of this device that the device
// does not know (sealed by a second engine of an older version, in another tab or process)
// are adopted. Once, on data from before one engine per device, every envelope is also read
// and compared: where storage holds a different envelope under one of our numbers (two
// engines collided), storage's copy wins — peers have it — and whatever changes of this
// device no stored envelope carries are sealed again, so every member ends with every edit.

import * as A from '@automerge/automerge'
import type { DocStore } from '../docs/doc-store.ts'
import { changeActor } from '../docs/change-actor.ts'
import { paths, seqFromPath } from '../format/paths.ts'
import type { DocChanges } from '../format/change-batch.ts'
import { actorBelongsTo } from '../identity/device-identity.ts'
import type { MembershipState } from '../membership/state.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { utf8Decode, utf8Encode } from '../util/bytes.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'
import type { Outbox } from './outbox.ts'
import { verifyEnvelope, type VerifiedEnvelope } from './verify-envelope.ts'

export interface OwnLogContext {
  readonly storage: UserStorage
  readonly ws: string
  readonly deviceId: string
  readonly outbox: Outbox
  readonly docs: DocStore
  readonly crypto: EnvelopeCrypto
  readonly membership: () => MembershipState
  /** How far this storage held our log at the last push. */
  readonly storedHead: number
}

export interface OwnLogReport {
  /** Envelopes storage had lost, uploaded again. */
  readonly lost: number
  /** Numbers under which storage held a different envelope of ours than this device's. */
  readonly collisions: number
  /** Envelopes of ours that storage had and this device did not. */
  readonly adopted: number
  /** Changes of this device that no stored envelope carried, sealed again. */
  readonly resealed: number
}

export async function reconcileOwnLog(ctx: OwnLogContext, options: { readonly full: boolean }): Promise<OwnLogReport> {
  const prefix = paths.logPrefix(ctx.ws, ctx.deviceId)
  const listed = new Set<number>()
  for (const path of await ctx.storage.list(prefix)) {
    const seq = seqFromPath(prefix, path)
    if (seq !== undefined && seq > 0) listed.add(seq)
  }
  const report = { lost: 0, collisions: 0, adopted: 0, resealed: 0 }
  const sealedBefore = ctx.outbox.lastSeq

  for (let seq = 1; seq <= sealedBefore; seq++) {
    const present = listed.has(seq)
    if (!present && seq > ctx.storedHead) continue // not pushed here yet: the push does it
    if (present && !options.full) continue
    const record = await ctx.outbox.record(seq)
    if (!record) continue
    const stored = present ? await ctx.storage.read(paths.envelope(ctx.ws, ctx.deviceId, seq)) : undefined
    if (stored && utf8Decode(stored) === record.file) continue
    const theirs = stored && (await ours(ctx, stored, seq))
    if (!theirs) {
      // Lost, or something that is not ours under our name: our copy goes (back) there.
      await ctx.storage.write(paths.envelope(ctx.ws, ctx.deviceId, seq), utf8Encode(record.file))
      report.lost++
      continue
    }
    // Two engines sealed this number: keep both sets of changes here, storage's envelope there.
    const mine = await ours(ctx, utf8Encode(record.file), seq)
    await applyOwn(ctx.docs, [theirs, ...(mine ? [mine] : [])])
    await ctx.outbox.adopt(seq, utf8Decode(stored), theirs.changeCount)
    report.collisions++
  }

  // Envelopes past what this device sealed: a second engine's, if they are ours at all.
  for (const seq of [...listed].filter((s) => s > sealedBefore).sort((a, b) => a - b)) {
    const stored = await ctx.storage.read(paths.envelope(ctx.ws, ctx.deviceId, seq))
    const theirs = stored && (await ours(ctx, stored, seq))
    if (!theirs) continue // not ours: a hostile storage cannot sign for us, and peers never fetch past our marker
    while (ctx.outbox.lastSeq < seq - 1) await ctx.outbox.fillGap() // a number whose file is lost for good
    await applyOwn(ctx.docs, [theirs])
    await ctx.outbox.adopt(seq, utf8Decode(stored), theirs.changeCount)
    report.adopted++
  }

  if (options.full) report.resealed = await resealUncovered(ctx)
  return report
}

/** Our envelope `seq` as found, verified like any peer's; undefined when it is not. */
async function ours(ctx: OwnLogContext, bytes: Uint8Array, seq: number): Promise<VerifiedEnvelope | undefined> {
  const check = await verifyEnvelope(bytes, { membership: ctx.membership(), crypto: ctx.crypto, expected: { device: ctx.deviceId, seq } })
  return check.ok ? check.value : undefined
}

async function applyOwn(docs: DocStore, envelopes: readonly VerifiedEnvelope[]): Promise<void> {
  for (const envelope of envelopes) {
    for (const { docId, changes } of envelope.docs) (await docs.open(docId)).applyVerified([...changes])
  }
  await docs.flush()
}

/** Seals again every change of this device found in the documents but in none of its envelopes. */
async function resealUncovered(ctx: OwnLogContext): Promise<number> {
  const covered = new Set<string>()
  for (let seq = 1; seq <= ctx.outbox.lastSeq; seq++) {
    const record = await ctx.outbox.record(seq)
    const envelope = record && (await ours(ctx, utf8Encode(record.file), seq))
    for (const { changes } of envelope?.docs ?? []) for (const change of changes) covered.add(A.decodeChange(change).hash!)
  }
  const batches: DocChanges[] = []
  for (const docId of await ctx.docs.ids()) {
    const doc = (await ctx.docs.open(docId)).doc()
    const sealedHeads = (ctx.outbox.sealedHeads(docId) ?? []).filter((h) => A.hasHeads(doc, [h]))
    if (sealedHeads.length === 0) continue // nothing sealed here yet: the next seal takes all of it
    // Edits made since the last seal are the next seal's, not ours to take.
    for (const change of A.getChangesSince(doc, sealedHeads)) covered.add(A.decodeChange(change).hash!)
    const missing = A.getAllChanges(doc).filter((c) => actorBelongsTo(changeActor(c), ctx.deviceId) && !covered.has(A.decodeChange(c).hash!))
    if (missing.length > 0) batches.push({ docId, changes: missing })
  }
  await ctx.outbox.reseal(batches)
  return batches.reduce((sum, b) => sum + b.changes.length, 0)
}
