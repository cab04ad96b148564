// What a diagnostic report holds: enough to see why a device does not sync (versions, ids,
// sequence numbers, heads, counts, statuses, recent errors and refusals) and nothing a user
// would mind sending to support: no keys, no credentials, no document content, no names
// (workspace and document names are encrypted in storage, so they stay out of here too).

import type { RejectedKind, RejectionReason } from './rejection.ts'
import type { Role } from './role.ts'
import type { RelayState, StorageState, SyncProblem } from './workspace-status.ts'

export interface DiagnosticReport {
  readonly format: 'clientful/diagnostics'
  readonly v: 1
  /** ISO 8601, when the report was made. */
  readonly createdAt: string
  readonly versions: DiagnosticVersions
  readonly ids: { readonly workspace: string; readonly device: string; readonly user: string; readonly genesisHash: string }
  readonly role: Role | undefined
  readonly status: DiagnosticStatus
  readonly storages: readonly DiagnosticStorage[]
  readonly relay: { readonly url: string | undefined; readonly state: RelayState }
  readonly outbox: DiagnosticOutbox
  /** Per other device: how far this device applied its log. */
  readonly progress: readonly DiagnosticProgress[]
  readonly documents: readonly DiagnosticDocument[]
  readonly membership: DiagnosticMembership
  readonly refusals: { readonly count: number; readonly recent: readonly DiagnosticRefusal[] }
  /** Every error line the device currently shows (status, storage locations), newest state. */
  readonly errors: readonly string[]
  /** Present when the report was made in a browser tab: whether that tab runs the device's engine. */
  readonly tab?: { readonly runsEngine: boolean }
}

export interface DiagnosticVersions {
  readonly clientful: string
  readonly storageFormat: number
  /** navigator.userAgent in a browser, `node vX` in Node. */
  readonly platform: string
}

export interface DiagnosticStatus {
  readonly online: boolean
  readonly syncing: boolean
  readonly storage: StorageState
  readonly uploaded: boolean
  readonly pendingChanges: number
  readonly pendingAttachments: number
  readonly lastSyncAt: string | undefined
  readonly problems: readonly SyncProblem[]
}

export interface DiagnosticStorage {
  /** The location's URL with every query value but a few harmless ones (endpoint, region…) hidden. */
  readonly url: string
  readonly state: StorageState
  readonly errorKind: string | undefined
  readonly error: string | undefined
  readonly lastSyncAt: string | undefined
  readonly restored: number
  /** The highest sequence number of this device's log that the location holds, as last seen. */
  readonly ownLogHead: number
}

export interface DiagnosticOutbox {
  /** The last sequence number this device sealed. */
  readonly lastSeq: number
  /** Changes sealed but not in every storage location yet. */
  readonly pendingChanges: number
  /** Sealed envelopes waiting for upload, by sequence number. */
  readonly pendingEnvelopes: readonly { readonly seq: number; readonly changes: number }[]
  /** Edits on the device that are not sealed yet. */
  readonly unsealedDocuments: number
}

export interface DiagnosticProgress {
  readonly device: string
  /** Every envelope 1..highWater is applied. */
  readonly highWater: number
  /** The highest envelope applied at all (past a gap when greater than highWater). */
  readonly max: number
}

export interface DiagnosticDocument {
  /** The document id (derived from its name with a workspace key: it reveals nothing). */
  readonly id: string
  readonly heads: readonly string[]
  /** Whether this device has edits to it that are not sealed yet. */
  readonly unsealed: boolean
}

export interface DiagnosticMembership {
  readonly entries: number
  readonly currentEpoch: string
  readonly needsRotation: boolean
  readonly epochs: readonly { readonly id: string; readonly position: number; readonly creator: string; readonly holders: number }[]
  readonly members: readonly { readonly user: string; readonly role: Role; readonly removed: boolean; readonly devices: readonly string[] }[]
  readonly devices: readonly { readonly id: string; readonly user: string; readonly kind: 'device' | 'recovery'; readonly removed: boolean }[]
  readonly refusedEntries: readonly { readonly hash: string; readonly reason: string }[]
  readonly waitingEntries: number
  /** The log in fold order (the latest DIAGNOSTIC_LOG_LIMIT entries): who did what, never keys. */
  readonly log: readonly DiagnosticLogEntry[]
}

export interface DiagnosticLogEntry {
  readonly hash: string
  readonly type: string
  readonly author: string
  readonly at: string
  /** The member or device it concerns, and the role it gives, where it has one. */
  readonly subject?: string
  readonly role?: Role
}

export interface DiagnosticRefusal {
  readonly kind: RejectedKind
  readonly source: 'storage' | 'relay' | 'local'
  readonly reason: RejectionReason
  readonly detail: string
  readonly path?: string
  readonly device?: string
  readonly seq?: number
  readonly at: string
}
