// "Edited while deleted": an entry in the trash comes back when someone changed it without
// knowing of the delete — a change that is not among the heads the deleting device had seen.
// Only edits count: the framework's upkeep (migrations, repairs) and erasure bases do not
// bring entries back.

import * as A from '@automerge/automerge'
import type { ChangeEffect, ChangeEffects } from '../change-effect.ts'
import { countsAsEdit } from '../document-keys.ts'
import type { TrashRecord } from './trash-record.ts'

/**
 * The changes that edited `entry` without knowing of its delete. With `upTo`, only changes in
 * the history of those heads count (the state a change's author saw).
 */
export function editsUnknownToDelete(
  doc: A.Doc<unknown>,
  entry: string,
  record: TrashRecord,
  effects: ChangeEffects,
  upTo?: A.Heads,
): ChangeEffect[] {
  if (upTo) {
    if (!A.hasHeads(doc, [...record.heads])) return []
    const inScope = ancestorsWithin(doc, upTo, [...record.heads])
    return editsAmong(effects.since(doc, [...record.heads]), entry).filter((e) => inScope.has(e.hash))
  }
  const memo = advance(doc, effects)
  const key = `${entry}\u0000${record.heads.join()}`
  let edits = memo.get(key)
  if (!edits) {
    // A record is written with the heads its change depended on (a rule every peer checks),
    // so this document holds them; a record that names unknown heads brings nothing back.
    edits = A.hasHeads(doc, [...record.heads]) ? editsAmong(effects.since(doc, [...record.heads]), entry) : []
    if (memo.size >= 10_000) memo.clear()
    memo.set(key, edits)
  }
  return [...edits]
}

/**
 * Brings every record's edits up to the document's heads. A change that arrives later is never
 * in the history of a record's heads (those were all here already), so it can only add.
 */
function advance(doc: A.Doc<unknown>, effects: ChangeEffects): Map<string, ChangeEffect[]> {
  const memo = effects.deleteEdits
  const heads = A.getHeads(doc)
  if (memo.at.join() === heads.join()) return memo.byRecord
  if (memo.byRecord.size > 0 && memo.at.length > 0 && A.hasHeads(doc, memo.at)) {
    const arrived = effects.since(doc, memo.at)
    for (const [key, edits] of memo.byRecord) edits.push(...editsAmong(arrived, key.slice(0, key.indexOf('\u0000'))))
  } else {
    memo.byRecord.clear() // another document, or one rebuilt without some changes
  }
  memo.at = heads
  return memo.byRecord
}

function editsAmong(changes: readonly ChangeEffect[], entry: string): ChangeEffect[] {
  return changes.filter((effect) => countsAsEdit(effect.message) && effect.touched.has(entry))
}

/** Hashes in the history of `heads` (inclusive) that are not in the history of `known`. */
function ancestorsWithin(doc: A.Doc<unknown>, heads: A.Heads, known: A.Heads): Set<string> {
  const meta = new Map(A.getChangesMetaSince(doc, known).map((m) => [m.hash, m.deps] as const))
  const found = new Set<string>()
  const stack = heads.filter((h) => meta.has(h))
  while (stack.length > 0) {
    const hash = stack.pop()!
    if (found.has(hash)) continue
    found.add(hash)
    for (const dep of meta.get(hash) ?? []) if (meta.has(dep)) stack.push(dep)
  }
  return found
}

/** Devices whose edits brought an entry back, sorted (what a restore notice names). */
export function editorsOf(edits: readonly ChangeEffect[]): string[] {
  return [...new Set(edits.map((e) => deviceOfActor(e.actor)))].sort()
}

/** An actor id is the 32-byte device key plus a 4-byte session suffix (docs/ARCHITECTURE.md). */
export function deviceOfActor(actor: string): string {
  return actor.length > 8 ? actor.slice(0, -8) : actor
}
