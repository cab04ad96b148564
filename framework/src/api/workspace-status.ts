// What the app shows about sync: online or not, what waits to upload, when it last synced,
// and the last storage problem in words.

import type { StorageErrorKind } from './storage-error-kind.ts'

export type RelayState = 'disabled' | 'connecting' | 'connected' | 'offline'
export type StorageState = 'unknown' | 'ok' | 'error' | 'behind'

/** One storage location's health, as of its last sync. */
export interface StorageHealth {
  /** The storage URL (never credentials). */
  readonly url: string
  readonly state: StorageState
  /** What kind of failure, when state is 'error'. */
  readonly errorKind: StorageErrorKind | 'format' | undefined
  readonly error: string | undefined
  readonly lastSyncAt: number | undefined
  /** Files it had lost and got back in its last sync. */
  readonly restored: number
}

/**
 * Something sync cannot fix by itself right now, named so the app can say it (invariant 15:
 * never silent). Each stays in the status until it is resolved; `since` is when it was first seen.
 */
export type SyncProblem =
  /** A device's marker announces envelopes that no storage location serves. */
  | { readonly kind: 'missing-envelopes'; readonly device: string; readonly count: number; readonly since: number }
  /**
   * A device signed two different envelopes for one number (a fork of its log): this device
   * keeps the branch it applied and refuses the other. It does not resolve by itself.
   */
  | { readonly kind: 'equivocation'; readonly device: string; readonly seq: number; readonly since: number }
  /** A device showed changes over the relay that no storage location holds yet (withheld?). */
  | { readonly kind: 'unconfirmed-relay'; readonly device: string; readonly count: number; readonly since: number }
  /**
   * This device applied envelopes of a device that, as it learned since, may no longer write
   * them (removed or demoted meanwhile). A writer acknowledges them so every member keeps them;
   * a reader cannot, and keeps them in its own documents.
   */
  | { readonly kind: 'kept-after-cut'; readonly device: string; readonly count: number; readonly since: number }
  /**
   * Erasures this device has not finished: its own files in some location still hold erased
   * changes (a location was unreachable, or the rewrite stopped half-way). Each sync retries.
   */
  | { readonly kind: 'erasure-pending'; readonly count: number; readonly since: number }
  /** Envelopes of a device arrived, but the changes they build on did not (yet). */
  | { readonly kind: 'waiting-for-changes'; readonly device: string; readonly count: number; readonly since: number }
  /**
   * This device's own log in a storage location differed from what it sealed (files lost,
   * or a second engine of an older version under the same numbers) and was repaired.
   */
  | {
      readonly kind: 'own-log-repaired'
      readonly url: string
      readonly lost: number
      readonly collisions: number
      readonly adopted: number
      readonly resealed: number
      readonly since: number
    }

/** How far a catch-up pull from storage is: envelopes applied of those announced, and bytes fetched. */
export interface PullProgress {
  /** Envelopes applied (or refused for good) in this pull so far. */
  readonly envelopes: number
  /** Envelopes the markers announce past what this device holds, when the pull started. */
  readonly of: number
  /** Bytes of envelopes fetched so far. */
  readonly bytes: number
}

export interface WorkspaceStatus {
  /** Storage or relay answered the last time it was tried. */
  readonly online: boolean
  readonly relay: RelayState
  readonly storage: StorageState
  /** One line for the user when storage or relay failed; never secrets. */
  readonly error: string | undefined
  /** Local changes sealed on this device that storage does not hold yet. */
  readonly pendingChanges: number
  /**
   * True only when every edit made on this device is in every storage location, as the last
   * sync verified: nothing sealed or unsealed waits, and every location synced without error.
   */
  readonly uploaded: boolean
  /** What sync found wrong and could not fix yet (or just repaired), oldest first. */
  readonly problems: readonly SyncProblem[]
  /** Attachments added on this device that are not in every storage location yet. */
  readonly pendingAttachments: number
  readonly lastSyncAt: number | undefined
  readonly syncing: boolean
  /** Every storage location of the workspace. */
  readonly storages: readonly StorageHealth[]
  /** While a sync catches up on what others wrote: how far it is (undefined when there is nothing to catch up on). */
  readonly catchUp: PullProgress | undefined
}

export const initialStatus: WorkspaceStatus = {
  online: false,
  relay: 'disabled',
  storage: 'unknown',
  error: undefined,
  pendingChanges: 0,
  uploaded: false,
  problems: [],
  pendingAttachments: 0,
  lastSyncAt: undefined,
  syncing: false,
  storages: [],
  catchUp: undefined,
}
