// The trash's upkeep, which any writer runs after changes arrive: entries edited while deleted
// leave the trash for good (with a notice naming who edited them), and entries whose time in
// the trash is over are purged. Both are pure functions of the document (and, for purging, of
// the clock against each record's own expiry), so two writers doing it at once write the same.

import * as A from '@automerge/automerge'
import type { ChangeEffects } from '../change-effect.ts'
import { MESSAGES, TRASH_PREFIX, entryOfRecordKey, restoredKey, trashKey } from '../document-keys.ts'
import { stateAt } from '../document-state.ts'
import type { PlannedWrite } from '../planned-write.ts'
import { editorsOf, editsUnknownToDelete } from './edits-since-delete.ts'
import type { RestoreNotice } from './trash-record.ts'

export interface TrashUpkeep {
  /** Entries edited while deleted: their records go, notices come. */
  readonly restores: { readonly entry: string; readonly notice: RestoreNotice }[]
  /** Entries whose time in the trash is over (or that are gone already): removed with their records. */
  readonly purges: string[]
}

export function planTrashUpkeep(doc: A.Doc<unknown>, effects: ChangeEffects, now: number): TrashUpkeep {
  const state = stateAt(doc)
  const upkeep: TrashUpkeep = { restores: [], purges: [] }
  for (const key of A.getBackend(doc).keys('_root')) {
    const entry = entryOfRecordKey(key, TRASH_PREFIX)
    const record = entry === undefined ? undefined : state.trashRecord(entry)
    if (entry === undefined || !record) continue
    const edits = editsUnknownToDelete(doc, entry, record, effects)
    if (edits.length > 0) upkeep.restores.push({ entry, notice: { deletedAt: record.at, deletedBy: record.by, editors: editorsOf(edits) } })
    else if (record.until <= now) upkeep.purges.push(entry)
  }
  return upkeep
}

export function restoreWrite(restores: TrashUpkeep['restores']): PlannedWrite {
  return {
    message: MESSAGES.restoreEdited,
    edit: (root) => {
      for (const { entry, notice } of restores) {
        delete root[trashKey(entry)]
        root[restoredKey(entry)] = { deletedAt: notice.deletedAt, deletedBy: notice.deletedBy, editors: [...notice.editors] }
      }
    },
  }
}

export function purgeWrite(entries: readonly string[]): PlannedWrite {
  return {
    message: MESSAGES.purge,
    edit: (root) => {
      for (const entry of entries) {
        for (const key of [entry, trashKey(entry), restoredKey(entry)]) if (Object.hasOwn(root, key)) delete root[key]
      }
    },
  }
}
