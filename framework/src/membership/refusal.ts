// Why the fold refused an entry, as a typed value: the reason says what kind of failure it is
// (the app can group and explain them), the detail says what exactly broke which rule.

export type EntryRefusalReason =
  | 'bad-signature' // the entry, a device certificate or an invite proof does not verify
  | 'wrong-workspace' // signed for another workspace
  | 'unauthorized' // its author lacks the right (including: voided by the author's removal)
  | 'invalid-entry' // well-formed and authorised, but breaks a rule of the log

export interface Refusal {
  readonly reason: EntryRefusalReason
  readonly detail: string
}

export const unauthorized = (detail: string): Refusal => ({ reason: 'unauthorized', detail })
export const invalidEntry = (detail: string): Refusal => ({ reason: 'invalid-entry', detail })
export const badSignature = (detail: string): Refusal => ({ reason: 'bad-signature', detail })
export const wrongWorkspace = (detail: string): Refusal => ({ reason: 'wrong-workspace', detail })
