// What a device has sealed, per document: for each of its actors (one per session), the last
// change sealed (its seq and hash). Because an actor's changes form a hash chain, this map
// names every change the device ever shared — no more, no less. Each envelope signs a digest of
// the map as of that envelope, so a snapshot can be checked against its authors' own
// signatures: recompute the map from the snapshot's documents, compare with what each author
// signed at the vector's number (see snapshots.ts, docs/THREAT_MODEL.md).

import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { changeMeta } from '../docs/change-meta.ts'
import type { DocChanges } from '../format/change-batch.ts'
import { canonicalJson } from '../util/canonical-json.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'

/** docId → actor → [seq, hash] of the actor's last change there. */
export type OwnHeads = Record<string, Record<string, readonly [number, string]>>

/** The map after these changes of the device (new map; the input is left as it was). */
export function withChanges(own: OwnHeads, batches: readonly DocChanges[]): OwnHeads {
  const next: OwnHeads = { ...own }
  for (const { docId, changes } of batches) {
    const heads = { ...next[docId] }
    for (const change of changes) {
      const { actor, seq, hash } = changeMeta(change)
      const known = heads[actor]
      if (!known || seq > known[0]) heads[actor] = [seq, hash]
    }
    next[docId] = heads
  }
  return next
}

export function ownHeadsDigest(own: OwnHeads): string {
  const plain: Record<string, Record<string, [number, string]>> = {}
  for (const [docId, actors] of Object.entries(own)) {
    if (Object.keys(actors).length > 0) plain[docId] = Object.fromEntries(Object.entries(actors).map(([a, [s, h]]) => [a, [s, h]]))
  }
  return toHex(sha256(utf8Encode(canonicalJson(plain))))
}

/**
 * Every device's map as the documents show it (one pass over their changes): what a reader
 * recomputes from a snapshot. Actors that are not device + session suffix are listed under ''.
 */
export function ownHeadsByDevice(docs: readonly { docId: string; doc: A.Doc<unknown> }[]): Map<string, OwnHeads> {
  const byDevice = new Map<string, OwnHeads>()
  for (const { docId, doc } of docs) for (const change of A.getAllChanges(doc)) note(byDevice, docId, changeMeta(change))
  return byDevice
}

/**
 * The same map from saved documents, each loaded in Automerge's core only long enough to read
 * its changes' metadata and then freed: no JavaScript view of the document is built, and a
 * snapshot of thousands of documents is checked without holding thousands loaded. Throws, naming
 * the document, when one does not load.
 */
export function ownHeadsOfSaved(docs: readonly { docId: string; saved: Uint8Array }[]): Map<string, OwnHeads> {
  const byDevice = new Map<string, OwnHeads>()
  for (const { docId, saved } of docs) {
    const core = A.getBackend(A.init())
    try {
      core.loadIncremental(saved)
      for (const meta of core.getChangesMeta([])) note(byDevice, docId, meta)
    } catch (error) {
      throw new Error(`document ${docId} does not load`, { cause: error })
    } finally {
      core.free()
    }
  }
  return byDevice
}

function note(byDevice: Map<string, OwnHeads>, docId: string, { actor, seq, hash }: { actor: string; seq: number; hash: string }): void {
  const device = actor.length === 72 ? actor.slice(0, 64) : ''
  const own = byDevice.get(device) ?? {}
  byDevice.set(device, own)
  const heads = (own[docId] ??= {})
  const known = heads[actor]
  if (!known || seq > known[0]) heads[actor] = [seq, hash]
}
