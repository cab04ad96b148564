// Plain JSON-like values from Automerge values: counters become numbers, immutable strings
// become strings, so rules, schemas and comparisons see the same thing on every device
// whether a value came from a live document, a past state or a plain copy.

import * as A from '@automerge/automerge'

export function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (A.isCounter(value)) return (value as A.Counter).value
  if (A.isImmutableString(value)) return String(value)
  if (value instanceof Date || value instanceof Uint8Array) return value
  if (Array.isArray(value)) return value.map(toPlain)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = toPlain((value as Record<string, unknown>)[key])
  return out
}

export function deepEqual(x: unknown, y: unknown): boolean {
  const a = scalarOf(x)
  const b = scalarOf(y)
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((v, i) => v === b[i])
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  if (keysA.length !== Object.keys(b).length) return false
  return keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** A counter or immutable string (in a live draft or a past state) compares by its plain value. */
function scalarOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' && (A.isCounter(value) || A.isImmutableString(value)) ? toPlain(value) : value
}

/** A deep copy a migration or repair may change freely (reads of past states are not copied). */
export function clonePlain<T>(value: T): T {
  return toPlain(value) as T
}
