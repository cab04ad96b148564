// Invariants across entries ("every task belongs to an existing project") that concurrent
// edits can break: each merge may produce a state no single device wrote. After a merge, any
// writer repairs the state with the invariant's repair — a pure function of the merged state,
// so every device that repairs writes the same values under the same keys, and peers check a
// repair by recomputing it.

import { invalidArgument } from '../../util/errors.ts'

export interface InvariantState<E> {
  /** Every valid entry, trashed ones included (a trashed entry can still come back). */
  readonly entries: ReadonlyMap<string, E>
  readonly trashed: ReadonlySet<string>
}

export interface Invariant<E> {
  readonly name: string
  /** Keys of the entries that break the invariant (empty: it holds). Pure. */
  violations(state: InvariantState<E>): string[]
  /**
   * Repairs them by writing entries (root keys, no `$` keys): deterministic keys, values taken
   * from the state only. Writes of values already there are skipped, so a repair run twice,
   * or on two devices at once, converges.
   */
  repair(entries: Record<string, E>, violations: readonly string[], state: InvariantState<E>): void
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _./:-]{0,79}$/

export function defineInvariant<E>(invariant: Invariant<E>): Invariant<E> {
  if (typeof invariant?.name !== 'string' || !NAME.test(invariant.name)) throw invalidArgument('invariant name', '1–80 letters, digits, spaces or _./:-')
  if (typeof invariant.violations !== 'function') throw invalidArgument('violations', 'a function')
  if (typeof invariant.repair !== 'function') throw invalidArgument('repair', 'a function')
  return invariant
}
