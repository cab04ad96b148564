// Values set concurrently. Automerge keeps every concurrent value of a key and shows one (the
// same on every device); these list the others too, each with its author (actor → device →
// member), and pick one by writing it again, which supersedes them all.

import * as A from '@automerge/automerge'
import type { MembershipView } from '../../api/membership-view.ts'
import { invalidArgument } from '../../util/errors.ts'
import { MESSAGES, isEntryKey } from '../document-keys.ts'
import type { Plan } from '../planned-write.ts'
import { toPlain } from '../plain.ts'
import { deviceOfActor } from '../trash/edits-since-delete.ts'

export interface ConflictValue {
  /** Automerge's id of the operation that set it ("counter@actor"): what `pick` takes. */
  readonly op: string
  readonly value: unknown
  readonly device: string
  /** The member (user id) of that device, when the membership knows it. */
  readonly member: string | undefined
  /** The value every device shows now. */
  readonly shown: boolean
}

export interface FieldConflict {
  /** From the document's root: [entry, field, …]. */
  readonly path: readonly (string | number)[]
  readonly values: readonly ConflictValue[]
}

/** Every key (at any depth, in entries) holding concurrent values. */
export function listConflicts(doc: A.Doc<unknown>, membership: MembershipView | undefined): FieldConflict[] {
  const found: FieldConflict[] = []
  const visit = (object: unknown, path: (string | number)[]): void => {
    if (object === null || typeof object !== 'object' || A.isCounter(object) || A.isImmutableString(object) || object instanceof Date || object instanceof Uint8Array) return
    const keys: (string | number)[] = Array.isArray(object) ? object.map((_, i) => i) : Object.keys(object)
    for (const key of keys) {
      if (path.length === 0 && typeof key === 'string' && !isEntryKey(key)) continue
      const conflicts = A.getConflicts(object as A.Doc<unknown>, key)
      if (conflicts && Object.keys(conflicts).length > 1) found.push({ path: [...path, key], values: describe(object, key, conflicts, membership) })
      visit((object as Record<string | number, unknown>)[key], [...path, key])
    }
  }
  visit(doc, [])
  return found
}

function describe(object: object, key: string | number, conflicts: A.Conflicts, membership: MembershipView | undefined): ConflictValue[] {
  const shown = toPlain((object as Record<string | number, unknown>)[key])
  let shownMarked = false
  return Object.entries(conflicts)
    .map(([op, value]) => {
      const device = deviceOfActor(op.slice(op.indexOf('@') + 1))
      const plain = toPlain(value)
      // Automerge shows one of them; several equal values are all "shown" only once.
      const isShown = !shownMarked && sameValue(plain, shown, value, object, key)
      if (isShown) shownMarked = true
      return { op, value: plain, device, member: membership?.devices.get(device)?.record.user, shown: isShown }
    })
    .sort((a, b) => (a.op < b.op ? -1 : 1))
}

function sameValue(plain: unknown, shown: unknown, value: unknown, object: object, key: string | number): boolean {
  if (value !== null && typeof value === 'object') {
    const id = A.getObjectId(value)
    if (id !== null) return id === A.getObjectId(object, key)
  }
  return JSON.stringify(plain) === JSON.stringify(shown)
}

export type PickRefusal = 'no-conflict'

/** Writes the value of operation `op` at `path` again: every concurrent value is superseded. */
export function planPick(doc: A.Doc<unknown>, path: readonly (string | number)[], op: string): Plan<PickRefusal> {
  if (!Array.isArray(path) || path.length === 0) throw invalidArgument('path', 'a non-empty path to a key')
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], doc)
  const key = path[path.length - 1]!
  const conflicts = parent !== null && typeof parent === 'object' ? A.getConflicts(parent as A.Doc<unknown>, key) : undefined
  if (!conflicts || Object.keys(conflicts).length < 2) return { ok: false, reason: 'no-conflict', detail: `${path.join('.')} holds no concurrent values` }
  if (!Object.hasOwn(conflicts, op)) return { ok: false, reason: 'no-conflict', detail: `${op} is not one of the values of ${path.join('.')}` }
  const value = toPlain(conflicts[op])
  return {
    ok: true,
    write: {
      message: MESSAGES.pick,
      edit: (root) => {
        const target = path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as Record<string | number, unknown>, root)
        target[key] = structuredClone(value)
      },
    },
  }
}
