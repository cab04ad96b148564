// What a write to a typed document answers. Refusals are expected outcomes the app shows
// ("update the app to edit this", "only the assignee closes a task"), never exceptions.

import type { SchemaIssue } from '../schema/standard-schema.ts'

export type WriteRefusal =
  /** The document is at a newer schema version than this app: update the app. */
  | 'app-outdated'
  /** This device's member is a reader. */
  | 'reader'
  /** This device is no longer in the workspace. */
  | 'not-member'
  /** The document was erased (and nothing of it was kept). */
  | 'erased'
  /** The document holds another type. */
  | 'wrong-type'
  /** A rule every peer runs would refuse the change. */
  | 'rule-broken'
  /** The entry does not match the type's schema. */
  | 'invalid-entry'
  | 'not-found'
  | 'in-trash'
  | 'not-in-trash'
  | 'no-conflict'

export type WriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: WriteRefusal; readonly detail: string; readonly rule?: string; readonly issues?: readonly SchemaIssue[] }

export const WRITTEN: WriteResult = Object.freeze({ ok: true })

/** Why a document cannot be written on this device right now (undefined: it can). */
export type ReadOnlyReason = Extract<WriteRefusal, 'app-outdated' | 'reader' | 'not-member' | 'erased' | 'wrong-type'>

export type DocumentAccess = { readonly writable: true } | { readonly writable: false; readonly reason: ReadOnlyReason; readonly detail: string }
