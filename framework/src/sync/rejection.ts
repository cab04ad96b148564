// How a check says no: the reason, as a value, for the Rejection the app lists (the record and
// its reasons are public: api/rejection.ts).

import type { RejectionReason } from '../api/rejection.ts'

export type { RejectedKind, Rejection, RejectionReason } from '../api/rejection.ts'

export type Check<T> = { ok: true; value: T } | { ok: false; reason: RejectionReason; detail: string }

export function refuse(reason: RejectionReason, detail: string): { ok: false; reason: RejectionReason; detail: string } {
  return { ok: false, reason, detail }
}
