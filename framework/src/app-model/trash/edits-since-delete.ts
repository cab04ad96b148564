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
  // A record is written with the heads its change depended on (a rule every peer checks), so
  // this document holds them; a record that names unknown heads brings nothing back.
  if (!A.hasHeads(doc, [...record.heads])) return []
  const unseen = A.getChangesSince(doc, [...record.heads])
  if (unseen.length === 0) return []
  const inScope = upTo ? ancestorsWithin(doc, upTo, [...record.heads]) : undefined
  const edits: ChangeEffect[] = []
  for (const change of unseen) {
    const effect = effects.of(doc, change)
    if (inScope && !inScope.has(effect.hash)) continue
    if (!countsAsEdit(effect.message) || !effect.touched.has(entry)) continue
    edits.push(effect)
  }
  return edits
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
