// Peers check the framework's upkeep by redoing it: a migration, a repair, a restore of an
// entry edited while deleted, or a purge of an expired one is a pure function of the state its
// author saw, so each peer recomputes it from that state and accepts the change only if every
// key it wrote comes out the same. A change cannot slip past the app's rules by calling itself
// upkeep.

import * as A from '@automerge/automerge'
import type { ChangeEffect, ChangeEffects } from '../change-effect.ts'
import type { DocumentState } from '../document-state.ts'
import { MESSAGES, RESTORED_PREFIX, TRASH_PREFIX, TYPE_KEY, entryOfRecordKey, isEntryKey, restoredKey, trashKey, versionOfKey } from '../document-keys.ts'
import { repairInvariants, trashedAmong } from '../invariants/repair.ts'
import { deepEqual, toPlain } from '../plain.ts'
import { upgradedCopy } from '../schema/migrations.ts'
import { editorsOf, editsUnknownToDelete } from '../trash/edits-since-delete.ts'
import type { JudgedType } from './judged-type.ts'
import { ACCEPTED, refused, type Verdict } from './rule.ts'

const RULE = 'clientful/maintenance'

export interface MaintenanceInput {
  readonly type: JudgedType<unknown>
  readonly doc: A.Doc<unknown>
  readonly effect: ChangeEffect
  readonly before: DocumentState
  readonly after: DocumentState
  readonly effects: ChangeEffects
}

export function checkMaintenance(input: MaintenanceInput): Verdict {
  switch (input.effect.message) {
    case MESSAGES.migrate:
      return checkMigration(input)
    case MESSAGES.compensate:
      return checkCompensation(input)
    case MESSAGES.restoreEdited:
      return checkRestores(input)
    case MESSAGES.purge:
      return checkPurges(input)
    default:
      return refused(RULE, `${input.effect.message ?? 'this change'} is not upkeep every peer can redo`)
  }
}

function checkMigration({ type, effect, before, after }: MaintenanceInput): Verdict {
  for (const key of effect.touched) {
    if (key === TYPE_KEY) {
      if (after.type !== type.name || (before.type !== undefined && before.type !== type.name)) return refused(RULE, 'a migration set another type')
    } else if (versionOfKey(key) !== undefined) {
      if (after.get(key) !== true || versionOfKey(key)! > after.version) return refused(RULE, `a migration wrote ${key} out of order`)
    } else if (!isEntryKey(key) || !before.has(key)) {
      return refused(RULE, `a migration wrote ${key}, which it may not`)
    } else if (!deepEqual(after.get(key), upgradedCopy(type, before.get(key), key, after.version))) {
      return refused(RULE, `${key} is not what the migrations to version ${after.version} make of it`)
    }
  }
  return ACCEPTED
}

function checkCompensation({ type, doc, effect, after }: MaintenanceInput): Verdict {
  if ([...effect.touched].some((key) => !isEntryKey(key))) return refused(RULE, 'a repair wrote a key of the framework')
  // The whole state the repairing device saw, as plain data, repaired again here.
  const root = toPlain(A.getBackend(doc).materialize('_root', [...effect.deps])) as Record<string, unknown>
  const entries = Object.fromEntries(Object.entries(root).filter(([key]) => isEntryKey(key)))
  repairInvariants(type, entries, trashedAmong(Object.keys(root)))
  for (const key of effect.touched) {
    if (!deepEqual(after.get(key), entries[key])) return refused(RULE, `${key} is not what the invariants' repairs make of it`)
  }
  return ACCEPTED
}

function checkRestores({ doc, effect, before, after, effects }: MaintenanceInput): Verdict {
  for (const entry of recordEntries(effect)) {
    if (entry === undefined) return refused(RULE, 'a restore wrote more than trash records and notices')
    const record = before.trashRecord(entry)
    if (!record || after.has(trashKey(entry))) return refused(RULE, `${entry} was not restored from the trash`)
    const edits = editsUnknownToDelete(doc, entry, record, effects, effect.deps)
    if (edits.length === 0) return refused(RULE, `${entry} was not edited while deleted`)
    const notice = { deletedAt: record.at, deletedBy: record.by, editors: editorsOf(edits) }
    if (!deepEqual(after.get(restoredKey(entry)), notice)) return refused(RULE, `the restore notice of ${entry} is not the one its edits make`)
  }
  return ACCEPTED
}

function checkPurges({ doc, effect, before, after, effects }: MaintenanceInput): Verdict {
  for (const entry of recordEntries(effect)) {
    if (entry === undefined) return refused(RULE, 'a purge wrote more than expired entries and their records')
    const record = before.trashRecord(entry)
    // The change's time has whole seconds: a purge made in the second its record expired passes.
    if (!record || record.until > effect.time + 999) return refused(RULE, `${entry} had not expired in the trash`)
    if (editsUnknownToDelete(doc, entry, record, effects, effect.deps).length > 0) return refused(RULE, `${entry} was edited while deleted: it comes back, it is not purged`)
    if (after.has(entry) || after.has(trashKey(entry)) || after.has(restoredKey(entry))) return refused(RULE, `${entry} was not purged completely`)
  }
  return ACCEPTED
}

/** The entries a restore or purge is about (undefined for a key that belongs to neither). */
function recordEntries(effect: ChangeEffect): Set<string | undefined> {
  const entries = new Set<string | undefined>()
  for (const key of effect.touched) {
    if (isEntryKey(key)) entries.add(effect.message === MESSAGES.purge ? key : undefined)
    else entries.add(entryOfRecordKey(key, TRASH_PREFIX) ?? entryOfRecordKey(key, RESTORED_PREFIX))
  }
  return entries
}
