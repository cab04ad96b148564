// One entry as the app's schema version sees it: upgraded on a plain copy, then checked. Rules
// (both sides of a change) and invariants (the merged state) read entries this same way, so a
// peer that recomputes a repair sees exactly what the repairing writer saw.

import { upgradedCopy, type DocumentSchema } from './migrations.ts'
import { checkSchema } from './standard-schema.ts'

/** The entry at the current version when it is valid, else undefined. */
export function validEntry<E>(type: DocumentSchema<E>, key: string, raw: unknown): E | undefined {
  if (raw === undefined) return undefined
  const checked = checkSchema(type.entry, upgradedCopy(type as DocumentSchema<unknown>, raw, key))
  return checked.ok ? checked.value : undefined
}
