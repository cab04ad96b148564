// A document state seen through its type: entries upgraded by the migration steps (on plain
// copies) and checked against the entry schema, each at most once per state.

import type { DocumentState } from '../document-state.ts'
import type { DocumentSchema } from '../schema/migrations.ts'
import { validEntry } from '../schema/valid-entry.ts'
import type { EntriesState } from './rule.ts'

export function entriesState<E>(type: DocumentSchema<E>, state: DocumentState): EntriesState<E> {
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
