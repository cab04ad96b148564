// What a typed document shows: its valid entries (upgraded to the app's schema version),
// the entries that do not fit the schema, the trash and the restore notices. Kept up to date
// incrementally: after a change only the entries its changes touched are read again.

import * as A from '@automerge/automerge'
import type { ChangeEffects } from '../change-effect.ts'
import { RESTORED_PREFIX, TRASH_PREFIX, entryOfRecordKey, isEntryKey, versionOfKey } from '../document-keys.ts'
import { stateAt } from '../document-state.ts'
import { toPlain } from '../plain.ts'
import { editsUnknownToDelete } from '../trash/edits-since-delete.ts'
import { listRestoreNotices, listTrash, type TrashItem } from '../trash/trash.ts'
import type { RestoreNotice } from '../trash/trash-record.ts'
import { upgradedCopy, type DocumentSchema } from '../schema/migrations.ts'
import { checkSchema, type SchemaIssue } from '../schema/standard-schema.ts'

export interface DocumentView<E> {
  /** Live entries that fit the schema, by key (sorted). */
  readonly entries: ReadonlyMap<string, E>
  /** Entries that do not fit the schema (written by a buggy or newer client), with why. */
  readonly invalid: readonly { readonly key: string; readonly issues: readonly SchemaIssue[] }[]
  readonly trash: readonly TrashItem[]
  readonly notices: readonly { readonly entry: string; readonly notice: RestoreNotice }[]
  /** The document's schema version (may be above the app's: then it is read-only here). */
  readonly version: number
}

type Checked<E> = { readonly ok: true; readonly value: E } | { readonly ok: false; readonly issues: readonly SchemaIssue[] }

/** Per-entry results, kept between reads of one document. */
export class ViewCache<E> {
  readonly #type: DocumentSchema<E>
  readonly #effects: ChangeEffects
  #heads: A.Heads | undefined
  readonly #checked = new Map<string, Checked<E>>()
  #view: DocumentView<E> | undefined
  #trashedKeys = new Set<string>()

  constructor(type: DocumentSchema<E>, effects: ChangeEffects) {
    this.#type = type
    this.#effects = effects
  }

  /** Every entry that fits the schema, trashed ones included (what invariants see). */
  valid(doc: A.Doc<unknown>): ReadonlyMap<string, E> {
    this.view(doc)
    const valid = new Map<string, E>()
    for (const [key, checked] of [...this.#checked].sort(([a], [b]) => (a < b ? -1 : 1))) if (checked.ok) valid.set(key, checked.value)
    return valid
  }

  /** Entries with a trash record (restorable or coming back). */
  trashedKeys(doc: A.Doc<unknown>): ReadonlySet<string> {
    this.view(doc)
    return this.#trashedKeys
  }

  view(doc: A.Doc<unknown>): DocumentView<E> {
    const heads = A.getHeads(doc)
    if (this.#view && this.#heads && sameHeads(heads, this.#heads)) return this.#view
    const stale = this.#heads ? this.#touchedSince(doc, this.#heads) : undefined
    if (stale === undefined) this.#checked.clear()
    const root = doc as Record<string, unknown>
    const keys = Object.keys(root)
    const present = new Set(keys)
    for (const key of [...this.#checked.keys()]) if (!present.has(key)) this.#checked.delete(key)
    for (const key of keys) {
      if (!isEntryKey(key) || (stale && !stale.has(key) && this.#checked.has(key))) continue
      this.#checked.set(key, this.#check(key, toPlain(root[key])))
    }
    this.#trashedKeys = new Set(keys.map((k) => entryOfRecordKey(k, TRASH_PREFIX)).filter((k): k is string => k !== undefined))
    const state = stateAt(doc)
    const entries = new Map<string, E>()
    const invalid: { key: string; issues: readonly SchemaIssue[] }[] = []
    for (const key of keys.filter(isEntryKey).sort()) {
      const record = this.#trashedKeys.has(key) ? state.trashRecord(key) : undefined
      if (record && editsUnknownToDelete(doc, key, record, this.#effects).length === 0) continue
      const checked = this.#checked.get(key)!
      if (checked.ok) entries.set(key, checked.value)
      else invalid.push({ key, issues: checked.issues })
    }
    this.#heads = heads
    this.#view = { entries, invalid, trash: listTrash(doc, this.#effects), notices: listRestoreNotices(doc), version: state.version }
    return this.#view
  }

  #check(key: string, raw: unknown): Checked<E> {
    return checkSchema(this.#type.entry, upgradedCopy(this.#type as DocumentSchema<unknown>, raw, key))
  }

  /** Entries touched since `heads`; undefined when everything must be read again. */
  #touchedSince(doc: A.Doc<unknown>, heads: A.Heads): Set<string> | undefined {
    if (!A.hasHeads(doc, heads)) return undefined
    const touched = new Set<string>()
    for (const effect of this.#effects.since(doc, heads)) {
      for (const key of effect.touched) {
        // A new version flag changes what every entry upgrades to.
        if (versionOfKey(key) !== undefined) return undefined
        touched.add(entryOfRecordKey(key, TRASH_PREFIX) ?? entryOfRecordKey(key, RESTORED_PREFIX) ?? key)
      }
    }
    return touched
  }
}

function sameHeads(a: A.Heads, b: A.Heads): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i])
}
