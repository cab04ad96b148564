// Why something from storage or the relay was not applied. Rejections are typed values the
// app can list ("see what was refused"); they never interrupt the rest of a sync. The checks
// that produce them (`Check`, `refuse`) are in sync/rejection.ts.

export type RejectionReason =
  | 'malformed' // not parseable, wrong shape, over a size limit
  | 'unsupported-version' // written by a newer format than this client understands
  | 'wrong-workspace' // signed for another workspace
  | 'replay' // a valid envelope found at a position it was not signed for
  | 'unknown-device' // the signer is not a device of this workspace
  | 'bad-signature'
  | 'unauthorized' // the signer's member may not do this (e.g. a reader writing)
  | 'unknown-epoch' // encrypted under a key epoch this device does not hold
  | 'decrypt-failed'
  | 'actor-mismatch' // a change inside was not authored by the envelope's signer
  | 'apply-failed' // verified, but Automerge refused the changes
  | 'invalid-entry' // a membership entry that breaks the membership rules
  | 'equivocation' // a device signed two different envelopes for one number (its chain forks)
  | 'rule-broken' // verified, but a change breaks a rule of the app's document type (app-model)

/** 'local-change': an edit made on this device that it undid because no peer would accept it. */
export type RejectedKind = 'envelope' | 'marker' | 'member-entry' | 'snapshot' | 'workspace' | 'local-change'

export interface Rejection {
  readonly kind: RejectedKind
  readonly source: 'storage' | 'relay' | 'local'
  readonly reason: RejectionReason
  readonly detail: string
  /** Storage path, when it came from storage. */
  readonly path?: string
  /** Claimed author device (unverified when the reason is about the signature). */
  readonly device?: string
  readonly seq?: number
  /** When this device first refused it (ms since epoch). */
  readonly at: number
}
