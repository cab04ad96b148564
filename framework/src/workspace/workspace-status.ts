// What the app shows about sync: online or not, what waits to upload, when it last synced,
// and the last storage problem in words.

import type { StorageErrorKind } from '../storage/storage-error.ts'

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

export interface WorkspaceStatus {
  /** Storage or relay answered the last time it was tried. */
  readonly online: boolean
  readonly relay: RelayState
  readonly storage: StorageState
  /** One line for the user when storage or relay failed; never secrets. */
  readonly error: string | undefined
  /** Local changes sealed on this device that storage does not hold yet. */
  readonly pendingChanges: number
  /** Attachments added on this device that are not in every storage location yet. */
  readonly pendingAttachments: number
  readonly lastSyncAt: number | undefined
  readonly syncing: boolean
  /** Every storage location of the workspace. */
  readonly storages: readonly StorageHealth[]
}

export const initialStatus: WorkspaceStatus = {
  online: false,
  relay: 'disabled',
  storage: 'unknown',
  error: undefined,
  pendingChanges: 0,
  pendingAttachments: 0,
  lastSyncAt: undefined,
  syncing: false,
  storages: [],
}
