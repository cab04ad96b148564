// Versions and migrations. A document at version V carries the flags `$version:1` … `$version:V`
// (flags only ever add, so concurrent migrations merge to the union); every entry is brought up
// by running each migration step, idempotently, on the entry itself. Writers run the steps on
// the document (and again on data older devices write late); readers and peers run them on
// plain copies, never writing.

import { idempotentDraft } from '../idempotent-draft.ts'
import { clonePlain } from '../plain.ts'
import type { DocumentType } from './document-type.ts'

/** Runs migration steps up to `upTo` on an entry in place (a draft or a plain copy). */
export function upgradeEntryInPlace(type: DocumentType<unknown>, entry: Record<string, unknown>, key: string, upTo: number = type.version): void {
  const draft = idempotentDraft(entry)
  for (const step of type.migrations) if (step.version <= upTo) step.migrate(draft, key)
}

/** The entry as version `upTo` sees it: a plain copy with every step applied. */
export function upgradedCopy(type: DocumentType<unknown>, value: unknown, key: string, upTo: number = type.version): unknown {
  if (!isMap(value) || type.migrations.length === 0) return value
  const copy = clonePlain(value)
  upgradeEntryInPlace(type, copy, key, upTo)
  return copy
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)
}
