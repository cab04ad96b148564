// Verify before apply: an envelope's changes reach a document only after its shape, position,
// author's rights, signature, decryption and the authorship of every change inside check out.

import { changeActor } from '../docs/change-actor.ts'
import { decodeSealedBatch, type DocChanges } from '../format/change-batch.ts'
import { envelopeHash, parseEnvelope, type EnvelopeFile } from '../format/envelope.ts'
import { actorBelongsTo } from '../identity/device-identity.ts'
import { canWrite, type MembershipState } from '../membership/state.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'
import { refuse, type Check } from './rejection.ts'

export interface VerifiedEnvelope {
  readonly file: EnvelopeFile
  readonly docs: DocChanges[]
  readonly changeCount: number
  /** What the device's next envelope names as `prev`. */
  readonly hash: string
}

export interface EnvelopeContext {
  readonly membership: MembershipState
  readonly crypto: EnvelopeCrypto
  /** Where the envelope was found; a signed position that differs is a replay. */
  readonly expected?: { readonly device: string; readonly seq: number }
  /**
   * The hash of the device's envelope seq - 1 as this device applied it, when known: a
   * version 2 envelope naming another `prev` is the other branch of a fork.
   */
  readonly prev?: string
}

export async function verifyEnvelope(bytes: Uint8Array, context: EnvelopeContext): Promise<Check<VerifiedEnvelope>> {
  const parsed = parseEnvelope(bytes)
  if (!parsed.ok) return refuse(parsed.reason, parsed.detail)
  const file = parsed.value
  const { membership, crypto, expected, prev } = context

  if (file.ws !== membership.ws) return refuse('wrong-workspace', `signed for workspace ${file.ws}`)
  if (expected && (file.device !== expected.device || file.seq !== expected.seq)) {
    return refuse('replay', `signed as ${short(file.device)}#${file.seq} but found at ${short(expected.device)}#${expected.seq}`)
  }
  const allowed = canWrite(membership, file.device, file.seq)
  if (!allowed.ok) return refuse(allowed.reason, allowed.detail)
  if (!(await crypto.verifySignature(file))) return refuse('bad-signature', `signature of ${short(file.device)}#${file.seq} does not verify`)
  if (prev !== undefined && file.v >= 2 && file.prev !== prev) {
    return refuse('equivocation', `${short(file.device)}#${file.seq} follows another #${file.seq - 1} than the one this device applied: the device signed two different envelopes for one number`)
  }
  // A redaction stands for an envelope only under an erasure every peer folded (admins only),
  // sealed under a key no older than the erasure: a device removed before it cannot make one.
  if (file.redacts !== undefined) {
    const erasure = membership.erasures.get(file.redacts)
    if (!erasure) return refuse('unauthorized', `${short(file.device)}#${file.seq} is a redaction under an erasure this workspace does not have (yet)`)
    const sealedUnder = membership.epochs.get(file.epoch)?.position
    if (sealedUnder === undefined || sealedUnder < (membership.epochs.get(erasure.epoch)?.position ?? -1)) {
      return refuse('unauthorized', `${short(file.device)}#${file.seq} is a redaction sealed under a key older than its erasure`)
    }
  }
  if (!crypto.hasEpoch(file.epoch)) return refuse('unknown-epoch', `no key for epoch ${file.epoch}`)

  const plaintext = await crypto.decrypt(file)
  if (!plaintext) return refuse('decrypt-failed', `${short(file.device)}#${file.seq} does not decrypt with the epoch ${file.epoch} key`)
  const batch = await decodeSealedBatch(plaintext)
  if (!batch.ok) return refuse('malformed', batch.detail)

  let changeCount = 0
  for (const doc of batch.value) {
    for (const change of doc.changes) {
      let actor: string
      try {
        actor = changeActor(change)
      } catch {
        return refuse('malformed', `a change for document ${doc.docId} is not a valid Automerge change`)
      }
      if (!actorBelongsTo(actor, file.device)) {
        return refuse('actor-mismatch', `a change by actor ${short(actor)} is inside an envelope signed by ${short(file.device)}`)
      }
      changeCount++
    }
  }
  return { ok: true, value: { file, docs: batch.value, changeCount, hash: envelopeHash(file) } }
}

function short(id: string): string {
  return id.slice(0, 12) + '…'
}
