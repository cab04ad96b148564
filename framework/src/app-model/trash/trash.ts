// Moving entries to the trash and back. Deleting writes a record beside the entry (which stays
// where it is, so nothing anyone writes to it concurrently is lost); any member restores by
// removing the record; an entry edited by someone who had not seen the delete is back at once
// on every device (reads treat it as live) and the next writer makes that final, with a notice.

import * as A from '@automerge/automerge'
import { ChangeEffects } from '../change-effect.ts'
import { MESSAGES, RESTORED_PREFIX, TRASH_PREFIX, entryOfRecordKey, isEntryKey, restoredKey, trashKey } from '../document-keys.ts'
import { stateAt } from '../document-state.ts'
import type { Plan } from '../planned-write.ts'
import { editsUnknownToDelete } from './edits-since-delete.ts'
import { parseRestoreNotice, type RestoreNotice, type TrashRecord } from './trash-record.ts'

export type TrashRefusal = 'not-found' | 'in-trash' | 'not-in-trash'

export interface TrashItem {
  readonly entry: string
  readonly record: TrashRecord
}

/** 'returning': in the trash, but edited by someone who had not seen the delete (live for reads). */
export type TrashStatus = 'live' | 'trashed' | 'returning' | 'absent'

export function trashStatus(doc: A.Doc<unknown>, entry: string, effects: ChangeEffects): TrashStatus {
  const state = stateAt(doc)
  const record = state.trashRecord(entry)
  if (!record) return state.has(entry) ? 'live' : 'absent'
  return editsUnknownToDelete(doc, entry, record, effects).length > 0 ? 'returning' : 'trashed'
}

/**
 * Entries in the trash, most recently deleted first (entries coming back are not listed).
 * `effects` caches what each change did, for callers that ask again after every change.
 */
export function listTrash(doc: A.Doc<unknown>, effects: ChangeEffects = new ChangeEffects()): TrashItem[] {
  const state = stateAt(doc)
  const items: TrashItem[] = []
  for (const key of A.getBackend(doc).keys('_root')) {
    const entry = entryOfRecordKey(key, TRASH_PREFIX)
    const record = entry === undefined ? undefined : state.trashRecord(entry)
    if (entry === undefined || !record || !state.has(entry)) continue
    if (editsUnknownToDelete(doc, entry, record, effects).length === 0) items.push({ entry, record })
  }
  return items.sort((a, b) => b.record.at - a.record.at || (a.entry < b.entry ? -1 : 1))
}

/** Notices of entries that came back by themselves, until someone dismisses them. */
export function listRestoreNotices(doc: A.Doc<unknown>): { entry: string; notice: RestoreNotice }[] {
  const state = stateAt(doc)
  const notices: { entry: string; notice: RestoreNotice }[] = []
  for (const key of A.getBackend(doc).keys('_root')) {
    const entry = entryOfRecordKey(key, RESTORED_PREFIX)
    const notice = entry === undefined ? undefined : parseRestoreNotice(state.get(key))
    if (entry !== undefined && notice) notices.push({ entry, notice })
  }
  return notices
}

export interface Deleter {
  readonly member: string
  readonly device: string
}

/**
 * The change that moves `entry` to the trash until `now + retentionMs`, or why not; the caller
 * makes it (`handle.change((d) => plan.write.edit(d), plan.write.message)`).
 */
export function planMoveToTrash(doc: A.Doc<unknown>, entry: string, deleter: Deleter, now: number, retentionMs: number, effects: ChangeEffects = new ChangeEffects()): Plan<TrashRefusal> {
  if (!isEntryKey(entry)) return { ok: false, reason: 'not-found', detail: `${entry} is not an entry` }
  const status = trashStatus(doc, entry, effects)
  if (status === 'absent') return { ok: false, reason: 'not-found', detail: `there is no entry ${entry}` }
  if (status === 'trashed') return { ok: false, reason: 'in-trash', detail: `${entry} is already in the trash` }
  // The record names the heads this change will depend on: every peer checks that it does.
  const heads = [...A.getHeads(doc)].sort()
  const record: TrashRecord = { at: now, until: now + retentionMs, by: deleter.member, device: deleter.device, heads }
  return {
    ok: true,
    write: {
      message: MESSAGES.trash,
      edit: (root) => {
        root[trashKey(entry)] = { ...record, heads: [...heads] }
        if (Object.hasOwn(root, restoredKey(entry))) delete root[restoredKey(entry)]
      },
    },
  }
}

/** The change that brings `entry` back out of the trash, or why not. */
export function planRestore(doc: A.Doc<unknown>, entry: string, effects: ChangeEffects = new ChangeEffects()): Plan<TrashRefusal> {
  const status = trashStatus(doc, entry, effects)
  if (status === 'absent') return { ok: false, reason: 'not-found', detail: `there is no entry ${entry}` }
  if (status === 'live') return { ok: false, reason: 'not-in-trash', detail: `${entry} is not in the trash` }
  return { ok: true, write: { message: MESSAGES.restore, edit: (root) => void delete root[trashKey(entry)] } }
}

export function planDismissNotice(doc: A.Doc<unknown>, entry: string): Plan<TrashRefusal> {
  if (!stateAt(doc).has(restoredKey(entry))) return { ok: false, reason: 'not-found', detail: `there is no notice about ${entry}` }
  return { ok: true, write: { message: MESSAGES.restore, edit: (root) => void delete root[restoredKey(entry)] } }
}
