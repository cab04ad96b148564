// Running a type's invariants: find what breaks each one and repair it, in declaration order,
// on a live draft (a writer's compensation) or on a plain copy (a peer checking that
// compensation, which must come out the same).

import { entryOfRecordKey, isEntryKey, TRASH_PREFIX } from '../document-keys.ts'
import { idempotentDraft } from '../idempotent-draft.ts'
import { toPlain } from '../plain.ts'
import type { DocumentSchema } from '../schema/migrations.ts'
import { validEntry } from '../schema/valid-entry.ts'
import type { Invariant, InvariantState } from './invariant.ts'

/** What repairing needs of a document type: its schema (to see valid entries) and invariants. */
export interface TypeWithInvariants<E> extends DocumentSchema<E> {
  readonly invariants: readonly Invariant<E>[]
}

/**
 * Repairs every broken invariant in `entries` (an object whose own keys are exactly the
 * document's entries). Returns the names of the invariants that were broken.
 */
export function repairInvariants<E>(type: TypeWithInvariants<E>, entries: Record<string, unknown>, trashed: ReadonlySet<string>): string[] {
  const broken: string[] = []
  for (const invariant of type.invariants) {
    const state = invariantState(type, entries, trashed)
    const violations = invariant.violations(state)
    if (violations.length === 0) continue
    broken.push(invariant.name)
    invariant.repair(idempotentDraft(entries) as Record<string, E>, violations, state)
  }
  return broken
}

/** The names of the invariants a state breaks (nothing is written). */
export function brokenInvariants<E>(type: TypeWithInvariants<E>, state: InvariantState<E>): string[] {
  return type.invariants.filter((i) => i.violations(state).length > 0).map((i) => i.name)
}

export function invariantState<E>(type: DocumentSchema<E>, entries: Record<string, unknown>, trashed: ReadonlySet<string>): InvariantState<E> {
  const valid = new Map<string, E>()
  for (const key of Object.keys(entries).sort()) {
    const entry = validEntry(type, key, toPlain(entries[key]))
    if (entry !== undefined) valid.set(key, entry)
  }
  return { entries: valid, trashed }
}

/** Entries named by `$trash:` keys among `rootKeys`. */
export function trashedAmong(rootKeys: readonly string[]): Set<string> {
  const trashed = new Set<string>()
  for (const key of rootKeys) {
    const entry = entryOfRecordKey(key, TRASH_PREFIX)
    if (entry !== undefined) trashed.add(entry)
  }
  return trashed
}

/**
 * The entries of a live root draft, as an object whose own keys are the entries only: repairs
 * see (and may write) nothing else, exactly as on a plain copy.
 */
export function entriesOfDraft(root: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(root, {
    ownKeys: (target) => Reflect.ownKeys(target).filter((k) => typeof k === 'string' && isEntryKey(k)),
    getOwnPropertyDescriptor: (target, key) => (typeof key === 'string' && isEntryKey(key) ? Reflect.getOwnPropertyDescriptor(target, key) : undefined),
    has: (target, key) => typeof key === 'string' && isEntryKey(key) && Reflect.has(target, key),
    get: (target, key, receiver) => (typeof key === 'string' && !isEntryKey(key) ? undefined : Reflect.get(target, key, receiver)),
    set(target, key, value) {
      if (typeof key !== 'string' || !isEntryKey(key)) throw new TypeError(`a repair may not write ${String(key)}`)
      return Reflect.set(target, key, value)
    },
    deleteProperty(target, key) {
      if (typeof key !== 'string' || !isEntryKey(key)) throw new TypeError(`a repair may not delete ${String(key)}`)
      return Reflect.deleteProperty(target, key)
    },
  })
}
