// App-defined rules every peer runs on every change to a document of the type: the same code
// on every device, judging the change as its author made it (the document at the change's
// dependencies, then with it), so every device reaches the same verdict. Rules must be pure:
// no clock, no randomness, nothing but what the context holds.

import type { Role } from '../../api/role.ts'

export interface ChangeAuthor {
  /** The device that signed the change. */
  readonly device: string
  /** Its member (user id), when the device is known to the membership. */
  readonly member: string | undefined
  /** The member's role as the judging device knows it. */
  readonly role: Role | undefined
}

/** A document's entries at one point, as the schema sees them. */
export interface EntriesState<E> {
  /** The entry, upgraded to the current schema version, when it is valid (else undefined). */
  entry(key: string): E | undefined
  /** The stored value, unchecked. */
  raw(key: string): unknown
  has(key: string): boolean
  isTrashed(key: string): boolean
  /** Every entry key (costs a listing: prefer `changed`). */
  keys(): string[]
  /** The document's schema version. */
  readonly version: number
}

export interface RuleContext<E> {
  readonly before: EntriesState<E>
  readonly after: EntriesState<E>
  /** Entries the change wrote, deleted, moved to the trash or restored. */
  readonly changed: readonly string[]
  readonly author: ChangeAuthor
}

/** true: the change keeps the rule; a string: why it breaks it (shown with the refusal). */
export type RuleOutcome = true | string

export interface Rule<E> {
  readonly name: string
  check(context: RuleContext<E>): RuleOutcome
}

/** One entry's side of a change, for rules about single entries. */
export interface EntryChange<E> {
  readonly key: string
  readonly before: E | undefined
  readonly after: E | undefined
  readonly trashedBefore: boolean
  readonly trashedAfter: boolean
  readonly author: ChangeAuthor
  /** The whole document, for rules that look beyond the entry. */
  readonly context: RuleContext<E>
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly rule: string; readonly detail: string }

export const ACCEPTED: Verdict = Object.freeze({ ok: true })

export function refused(rule: string, detail: string): Verdict {
  return { ok: false, rule, detail }
}
