// Putting a whole entry, written field by field: replacing the stored object would drop a field
// another device set concurrently; writing only the fields that differ keeps it.

import { deepEqual } from '../plain.ts'
import type { PlannedWrite } from '../planned-write.ts'

/** The write that makes entry `key` equal to `value` (a plain value the caller no longer holds). */
export function putWrite(key: string, value: unknown): PlannedWrite {
  return {
    message: 'clientful:put',
    edit: (root) => {
      const current = root[key]
      if (!isMap(current) || !isMap(value)) return void (root[key] = value)
      for (const field of Object.keys(current)) if (!Object.hasOwn(value, field)) delete current[field]
      for (const [field, v] of Object.entries(value)) if (!deepEqual(current[field], v)) current[field] = v
    },
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
