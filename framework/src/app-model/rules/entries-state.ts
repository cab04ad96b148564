// A document state seen through its type: entries upgraded by the migration steps (on plain
// copies) and checked against the entry schema, each at most once per state.

import type { DocumentState } from '../document-state.ts'
import { checkSchema } from '../schema/standard-schema.ts'
import type { DocumentType } from '../schema/document-type.ts'
import { upgradedCopy } from '../schema/migrations.ts'
import type { EntriesState } from './rule.ts'

export function entriesState<E>(type: DocumentType<E>, state: DocumentState): EntriesState<E> {
  const valid = new Map<string, E | undefined>()
  return {
    entry(key) {
      if (!valid.has(key)) valid.set(key, validEntry(type, key, state.get(key)))
      return valid.get(key)
    },
    raw: (key) => state.get(key),
    has: (key) => state.has(key),
    isTrashed: (key) => state.trashRecord(key) !== undefined,
    keys: () => state.entryKeys(),
    get version() {
      return state.version
    },
  }
}

/** The entry at the current version when it is valid, else undefined. */
export function validEntry<E>(type: DocumentType<E>, key: string, raw: unknown): E | undefined {
  if (raw === undefined) return undefined
  const checked = checkSchema(type.entry, upgradedCopy(type as DocumentType<unknown>, raw, key))
  return checked.ok ? checked.value : undefined
}
