// Migrations and repairs run on every writer, again and again: after each merge, on old data
// that arrives late. Through this wrapper a write of a value equal to the current one is no
// write at all, so running a step twice makes no second change, and two devices running it
// at once write the same values. The same code runs on a live Automerge draft and on a plain
// copy (how peers check the result, and how readers see old data upgraded).

import * as A from '@automerge/automerge'
import { deepEqual } from './plain.ts'

export function idempotentDraft<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver) as unknown
      return isPlainObject(value) ? idempotentDraft(value) : value
    },
    set(object, key, value: unknown) {
      if (typeof key === 'string' && Object.hasOwn(object, key) && deepEqual((object as Record<string, unknown>)[key], value)) return true
      ;(object as Record<string | symbol, unknown>)[key] = value
      return true
    },
    deleteProperty(object, key) {
      if (Object.hasOwn(object, key)) delete (object as Record<string | symbol, unknown>)[key]
      return true
    },
  })
}

/** Maps only: lists are handed over as they are (keyed writes are what converge). */
function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return !(value instanceof Date) && !(value instanceof Uint8Array) && !A.isCounter(value) && !A.isImmutableString(value)
}
