// Checking a value against any Standard Schema (zod, valibot, arktype…), synchronously: reads
// and rules run inside Automerge callbacks and on every incoming change, where awaiting is
// not possible. A schema that answers with a promise is a programming error and says so.

import type { StandardSchemaV1 } from '@standard-schema/spec'
import { ClientfulError } from '../../util/errors.ts'

export interface SchemaIssue {
  readonly message: string
  /** Where in the value, e.g. ['assignee'] (empty: the value itself). */
  readonly path: readonly (string | number)[]
}

export type SchemaCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SchemaIssue[] }

export function checkSchema<S extends StandardSchemaV1>(schema: S, value: unknown): SchemaCheck<StandardSchemaV1.InferOutput<S>> {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) {
    throw new ClientfulError('invalid-argument', 'entry schema must validate synchronously (no async refinements)')
  }
  if (result.issues) return { ok: false, issues: result.issues.map(toIssue) }
  return { ok: true, value: result.value }
}

export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard']
  return props !== undefined && props.version === 1 && typeof props.validate === 'function'
}

/** One line for people: "assignee: Required; status: Invalid option". */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
}

function toIssue(issue: StandardSchemaV1.Issue): SchemaIssue {
  const path = (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' ? segment.key : segment
    return typeof key === 'number' ? key : String(key)
  })
  return { message: issue.message, path }
}
