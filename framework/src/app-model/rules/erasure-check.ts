// Changes an erasure makes, checked by every peer: only an admin erases; the mark empties the
// document (entries and records go, the type and version flags stay); a successor base is the
// first change of a new document and names the document it replaces.

import type { ChangeEffect } from '../change-effect.ts'
import type { DocumentState } from '../document-state.ts'
import { ERASED_KEY, PREVIOUS_KEY, TYPE_KEY, versionOfKey } from '../document-keys.ts'
import { parseErasureMark } from '../erasure/erasure-mark.ts'
import { ACCEPTED, refused, type ChangeAuthor, type Verdict } from './rule.ts'

const RULE = 'clientful/erase'

export function checkErasure(before: DocumentState, after: DocumentState, effect: ChangeEffect, author: ChangeAuthor): Verdict {
  if (author.role !== 'admin') return refused(RULE, 'only admins erase')
  if (effect.touched.has(ERASED_KEY)) {
    if (!parseErasureMark(after.get(ERASED_KEY))) return refused(RULE, `${ERASED_KEY} is not a valid erasure mark`)
    const left = after.entryKeys()
    if (left.length > 0) return refused(RULE, `an erased document keeps no entries (${left[0]} is left)`)
    for (const key of effect.touched) {
      if (key === TYPE_KEY || versionOfKey(key) !== undefined) return refused(RULE, 'an erasure keeps the type and version flags')
    }
    return ACCEPTED
  }
  if (effect.touched.has(PREVIOUS_KEY) && before.type === undefined && before.entryKeys().length === 0) return ACCEPTED
  return refused(RULE, 'an erasure change either marks the erased document or starts its successor')
}
