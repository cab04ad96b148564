// Versions and migrations. A document at version V carries the flags `$version:1` … `$version:V`
// (flags only ever add, so concurrent migrations merge to the union); every entry is brought up
// by running each migration step, idempotently, on the entry itself. Writers run the steps on
// the document (and again on data older devices write late); readers and peers run them on
// plain copies, never writing.

import type { StandardSchemaV1 } from '@standard-schema/spec'
import { idempotentDraft } from '../idempotent-draft.ts'
import { clonePlain } from '../plain.ts'

/**
 * Brings one entry from version N-1 to N, in place. It runs on a live draft, on plain copies
 * and again on data that arrives late, so it must be idempotent and additive: fill what is
 * missing (`entry.priority ??= 'normal'`), never remove or rename published fields, take
 * values from the entry only (no clock, no randomness), and never change once published.
 */
export type Migration = (entry: Record<string, unknown>, key: string) => void

/**
 * What reading, upgrading and checking entries needs of a document type. Declared here, under
 * the rules and invariants, so they can take a type without depending on `DocumentType`
 * (which opens documents, the layer above them).
 */
export interface DocumentSchema<E> {
  /** Stored in every document of the type (`$type`). */
  readonly name: string
  /** The current schema version, from 1. */
  readonly version: number
  readonly entry: StandardSchemaV1<unknown, E>
  /** Migrations in version order. */
  readonly migrations: readonly { readonly version: number; readonly migrate: Migration }[]
}

/** Runs migration steps up to `upTo` on an entry in place (a draft or a plain copy). */
export function upgradeEntryInPlace(type: DocumentSchema<unknown>, entry: Record<string, unknown>, key: string, upTo: number = type.version): void {
  const draft = idempotentDraft(entry)
  for (const step of type.migrations) if (step.version <= upTo) step.migrate(draft, key)
}

/** The entry as version `upTo` sees it: a plain copy with every step applied. */
export function upgradedCopy(type: DocumentSchema<unknown>, value: unknown, key: string, upTo: number = type.version): unknown {
  if (!isMap(value) || type.migrations.length === 0) return value
  const copy = clonePlain(value)
  upgradeEntryInPlace(type, copy, key, upTo)
  return copy
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)
}
