// What any change may do to the framework's own keys. The type is written once; version
// flags only ever add; a trash record names its author and the heads its change depended on
// (so "edited while deleted" is computed the same everywhere); restore
// notices come only from the framework's upkeep (checked in maintenance-check.ts); erasure
// keys only from erasures (erasure-check.ts).

import type * as A from '@automerge/automerge'
import type { ChangeEffect } from '../change-effect.ts'
import type { DocumentState } from '../document-state.ts'
import { RESTORED_PREFIX, TRASH_PREFIX, TYPE_KEY, entryOfRecordKey, isEntryKey, versionOfKey } from '../document-keys.ts'
import { parseTrashRecord } from '../trash/trash-record.ts'
import type { JudgedType } from './judged-type.ts'
import { ACCEPTED, refused, type ChangeAuthor, type Verdict } from './rule.ts'

const MAX_TRASH_RETENTION_MS = 36_500 * 24 * 3_600_000

export function checkReservedKeys(type: JudgedType<unknown>, before: DocumentState, after: DocumentState, effect: ChangeEffect, author: ChangeAuthor): Verdict {
  for (const key of effect.touched) {
    if (isEntryKey(key)) continue
    const verdict = checkReservedKey(type, key, before, after, effect, author)
    if (!verdict.ok) return verdict
  }
  return ACCEPTED
}

function checkReservedKey(type: JudgedType<unknown>, key: string, before: DocumentState, after: DocumentState, effect: ChangeEffect, author: ChangeAuthor): Verdict {
  if (key === TYPE_KEY) {
    if (after.type !== type.name || (before.type !== undefined && before.type !== type.name)) return refused('clientful/type', `the document's type is ${before.type ?? type.name} and stays so`)
    return ACCEPTED
  }
  if (versionOfKey(key) !== undefined) {
    return after.get(key) === true ? ACCEPTED : refused('clientful/versions', `${key} may only be set to true, never removed`)
  }
  const trashed = entryOfRecordKey(key, TRASH_PREFIX)
  if (trashed !== undefined) return checkTrashRecord(trashed, after, effect, author)
  if (entryOfRecordKey(key, RESTORED_PREFIX) !== undefined) {
    // Dismissing a notice is anyone's; writing one is the upkeep's alone.
    return after.has(key) ? refused('clientful/reserved-keys', `${key} is written only by the trash upkeep`) : ACCEPTED
  }
  // `$erased` and `$previous` are written by erasures alone (erasure-check.ts).
  return refused('clientful/reserved-keys', `${key} is reserved for the framework`)
}

function checkTrashRecord(entry: string, after: DocumentState, effect: ChangeEffect, author: ChangeAuthor): Verdict {
  const value = after.get(TRASH_PREFIX + entry)
  if (value === undefined) return ACCEPTED // a restore: any member may
  const record = parseTrashRecord(value)
  if (!record) return refused('clientful/trash', `the trash record of ${entry} is malformed`)
  if (record.device !== author.device || record.by !== author.member) return refused('clientful/trash', `the trash record of ${entry} names another author`)
  if (!sameHeads(record.heads, effect.deps)) return refused('clientful/trash', `the trash record of ${entry} does not name the heads its change depended on`)
  if (record.until <= record.at || record.until - record.at > MAX_TRASH_RETENTION_MS) return refused('clientful/trash', `the trash record of ${entry} keeps it for an impossible time`)
  if (!after.has(entry)) return refused('clientful/trash', `${entry} is not in the document`)
  return ACCEPTED
}

export function sameHeads(a: readonly string[], b: A.Heads): boolean {
  if (a.length !== b.length) return false
  const sorted = [...b].sort()
  return [...a].sort().every((h, i) => h === sorted[i])
}
