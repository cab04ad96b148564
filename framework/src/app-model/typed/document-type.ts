// A document type: the shape of its entries (any Standard Schema), its schema version and the
// migrations that bring older entries up to it, the rules every peer runs on its changes, the
// invariants writers repair after merges, and how long its trash keeps entries. The
// `DocumentType` interface sits beside `TypedDocument` (typed-document.ts), which it opens.

import type { StandardSchemaV1 } from '@standard-schema/spec'
import { invalidArgument } from '../../util/errors.ts'
import type { Invariant } from '../invariants/invariant.ts'
import type { Rule } from '../rules/rule.ts'
import type { Migration } from '../schema/migrations.ts'
import { isStandardSchema } from '../schema/standard-schema.ts'
import { openTyped } from './open-typed.ts'
import type { DocumentType } from './typed-document.ts'

export const DEFAULT_TRASH_RETENTION_MS = 30 * 24 * 3_600_000
const MAX_RETENTION_MS = 36_500 * 24 * 3_600_000
const MAX_VERSION = 10_000

export interface DocumentTypeOptions<S extends StandardSchemaV1> {
  /** Stored in every document of the type (`$type`); the default document name too. */
  readonly name: string
  /** The current schema version, from 1. */
  readonly version: number
  /** One entry at the current version. */
  readonly entry: S
  /** Migration to version N under key N, for 2…version (a version without one only flags). */
  readonly migrations?: Readonly<Record<number, Migration>>
  readonly rules?: readonly Rule<StandardSchemaV1.InferOutput<S>>[]
  readonly invariants?: readonly Invariant<StandardSchemaV1.InferOutput<S>>[]
  /** How long a deleted entry can be restored before writers purge it (default 30 days). */
  readonly trashRetentionMs?: number
}

export function defineDocumentType<S extends StandardSchemaV1>(options: DocumentTypeOptions<S>): DocumentType<StandardSchemaV1.InferOutput<S>> {
  type E = StandardSchemaV1.InferOutput<S>
  const { name, version, entry } = options
  if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name.startsWith('$')) {
    throw invalidArgument('name', "a string of 1–200 characters not starting with '$'")
  }
  if (!Number.isSafeInteger(version) || version < 1 || version > MAX_VERSION) throw invalidArgument('version', `an integer from 1 to ${MAX_VERSION}`)
  if (!isStandardSchema(entry)) throw invalidArgument('entry', 'a Standard Schema (zod, valibot, arktype…)')
  const retention = options.trashRetentionMs ?? DEFAULT_TRASH_RETENTION_MS
  if (!Number.isSafeInteger(retention) || retention <= 0 || retention > MAX_RETENTION_MS) throw invalidArgument('trashRetentionMs', 'a positive number of milliseconds, at most 100 years')
  const migrations = Object.entries(options.migrations ?? {}).map(([key, migrate]) => {
    const at = Number(key)
    if (!Number.isSafeInteger(at) || at < 2 || at > version) throw invalidArgument(`migrations[${key}]`, `keyed by a version from 2 to ${version}`)
    if (typeof migrate !== 'function') throw invalidArgument(`migrations[${key}]`, 'a function')
    return { version: at, migrate }
  })
  migrations.sort((a, b) => a.version - b.version)
  const type: DocumentType<E> = {
    name,
    version,
    entry: entry as StandardSchemaV1<unknown, E>,
    migrations,
    rules: [...(options.rules ?? [])],
    invariants: [...(options.invariants ?? [])],
    trashRetentionMs: retention,
    open: (ws, docName, openOptions) => openTyped(ws, type, docName, openOptions),
  }
  for (const rule of type.rules) if (typeof rule?.check !== 'function') throw invalidArgument('rules', 'rules made with defineRule or entryRule')
  return Object.freeze(type)
}
