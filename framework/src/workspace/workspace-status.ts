// What the app shows about sync: online or not, what waits to upload, when it last synced,
// and the last storage problem in words.

export type RelayState = 'disabled' | 'connecting' | 'connected' | 'offline'
export type StorageState = 'unknown' | 'ok' | 'error' | 'behind'

export interface WorkspaceStatus {
  /** Storage or relay answered the last time it was tried. */
  readonly online: boolean
  readonly relay: RelayState
  readonly storage: StorageState
  /** One line for the user when storage or relay failed; never secrets. */
  readonly error: string | undefined
  /** Local changes sealed on this device that storage does not hold yet. */
  readonly pendingChanges: number
  readonly lastSyncAt: number | undefined
  readonly syncing: boolean
}

export const initialStatus: WorkspaceStatus = {
  online: false,
  relay: 'disabled',
  storage: 'unknown',
  error: undefined,
  pendingChanges: 0,
  lastSyncAt: undefined,
  syncing: false,
}
