// Applying verified envelopes to documents in as few Automerge calls as possible: one call
// per document per batch (100k changes: ~2 s in one call, ~16 s in calls of 100). If a batch
// fails (e.g. a device signed two different changes with one sequence number), envelopes are
// retried one by one so only the offending one is refused.
//
// An envelope is all or nothing: refused for one document (by Automerge, or by a rule of the
// app's document type, judged on a tentative copy first), none of its documents keep its
// changes — what another document had already taken from it is taken out again.
//
// Automerge queues a change whose dependencies it has not seen (another device's envelope
// that is late or lost) and does not save queued changes incrementally. Such an envelope is
// "held": it does not count as applied, so progress never claims it and it is fetched again
// until its dependencies arrive; a reload cannot lose it.

import * as A from '@automerge/automerge'
import type { DocStore } from '../docs/doc-store.ts'
import { changeMeta } from '../docs/change-meta.ts'
import { errorMessage } from '../util/errors.ts'
import type { ChangeScreen, ScreenRefusal } from './change-screen.ts'
import type { VerifiedEnvelope } from './verify-envelope.ts'

export interface ApplyResult {
  readonly applied: VerifiedEnvelope[]
  /** Verified and handed to Automerge, but waiting for changes they depend on. */
  readonly held: VerifiedEnvelope[]
  readonly failed: { envelope: VerifiedEnvelope; detail: string }[]
  /** Refused by a rule of the app's document type (none of their changes kept anywhere). */
  readonly refused: { envelope: VerifiedEnvelope; docId: string; refusal: ScreenRefusal }[]
}

type Part = { envelope: VerifiedEnvelope; changes: readonly Uint8Array[] }

export async function applyEnvelopes(docs: DocStore, envelopes: readonly VerifiedEnvelope[], screen?: ChangeScreen, erased: ReadonlySet<string> = new Set()): Promise<ApplyResult> {
  const byDoc = new Map<string, Part[]>()
  // An erased document's changes are dropped (the rest of the envelope applies as usual): the
  // ones this device forgot, and the ones an erasure it just folded names, not forgotten yet.
  const forgotten = new Set([...(await docs.forgotten()), ...erased])
  for (const envelope of envelopes) {
    for (const doc of envelope.docs) {
      if (forgotten.has(doc.docId)) continue
      if (!byDoc.has(doc.docId)) byDoc.set(doc.docId, [])
      byDoc.get(doc.docId)!.push({ envelope, changes: doc.changes })
    }
  }
  const refused = screen ? await screenRules(docs, byDoc, screen) : new Map<VerifiedEnvelope, { docId: string; refusal: ScreenRefusal }>()
  const failed = new Map<VerifiedEnvelope, string>()
  const taken = new Map<VerifiedEnvelope, { docId: string; changes: readonly Uint8Array[] }[]>()
  for (const [docId, all] of byDoc) {
    const parts = all.filter((p) => !refused.has(p.envelope))
    if (parts.length === 0) continue
    const handle = await docs.open(docId)
    try {
      handle.applyVerified(parts.flatMap((p) => p.changes))
      for (const part of parts) taken.set(part.envelope, [...(taken.get(part.envelope) ?? []), { docId, changes: part.changes }])
    } catch {
      for (const part of parts) {
        if (failed.has(part.envelope)) continue
        try {
          handle.applyVerified([...part.changes])
          taken.set(part.envelope, [...(taken.get(part.envelope) ?? []), { docId, changes: part.changes }])
        } catch (error) {
          failed.set(part.envelope, `document ${docId}: ${errorMessage(error)}`)
        }
      }
    }
  }
  // All or nothing: a failed envelope's changes come out of the documents that took them.
  for (const envelope of failed.keys()) {
    for (const { docId, changes } of taken.get(envelope) ?? []) await docs.discard(docId, new Set(changes.map((c) => changeMeta(c).hash)))
  }
  await docs.flush()
  const ok = envelopes.filter((e) => !failed.has(e) && !refused.has(e))
  const held = await waitingEnvelopes(docs, ok)
  return {
    applied: ok.filter((e) => !held.has(e)),
    held: [...held],
    failed: [...failed].map(([envelope, detail]) => ({ envelope, detail })),
    refused: [...refused].map(([envelope, r]) => ({ envelope, ...r })),
  }
}

/** Judges each covered document's batch on a tentative copy: envelopes with a refused change. */
async function screenRules(docs: DocStore, byDoc: ReadonlyMap<string, Part[]>, screen: ChangeScreen): Promise<Map<VerifiedEnvelope, { docId: string; refusal: ScreenRefusal }>> {
  const refused = new Map<VerifiedEnvelope, { docId: string; refusal: ScreenRefusal }>()
  for (const [docId, parts] of byDoc) {
    const all = parts.flatMap((p) => p.changes)
    let tentative: A.Doc<unknown>
    try {
      ;[tentative] = A.applyChanges(A.clone((await docs.open(docId)).doc()), all)
    } catch {
      continue // Automerge refuses the batch: the apply below finds the culprit
    }
    try {
      if (!screen.covers(docId, tentative)) continue
      const verdicts = await screen.refuse(docId, tentative, all)
      if (verdicts.size === 0) continue
      for (const part of parts) {
        const hit = part.changes.map((c) => verdicts.get(changeMeta(c).hash)).find((v) => v !== undefined)
        if (hit && !refused.has(part.envelope)) refused.set(part.envelope, { docId, refusal: hit })
      }
    } finally {
      A.free(tentative)
    }
  }
  return refused
}

/** Envelopes with a change Automerge has queued for want of its dependencies. */
export async function waitingEnvelopes(docs: DocStore, envelopes: readonly VerifiedEnvelope[]): Promise<Set<VerifiedEnvelope>> {
  const waiting = new Set<VerifiedEnvelope>()
  // Per document: the document when it has queued changes, null when it has none.
  const queued = new Map<string, A.Doc<unknown> | null>()
  const forgotten = await docs.forgotten()
  for (const envelope of envelopes) {
    for (const { docId, changes } of envelope.docs) {
      if (forgotten.has(docId)) continue
      let doc = queued.get(docId)
      if (doc === undefined) {
        const current = (await docs.open(docId)).doc()
        // The common case costs one call per document: nothing missing, nothing queued.
        doc = A.getMissingDeps(current, []).length > 0 ? current : null
        queued.set(docId, doc)
      }
      if (doc && !A.hasHeads(doc, changes.map((c) => changeMeta(c).hash))) waiting.add(envelope)
    }
  }
  return waiting
}
