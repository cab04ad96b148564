// The options an app passes through the API. They live here, beside the interfaces, so the
// engine's modules depend on the API and the API on none of them.

import type { Role } from './role.ts'
import type { StorageCredentials } from './storage-credentials.ts'
import type { WebSocketFactory } from './websocket-like.ts'

export interface CreateWorkspaceOptions {
  readonly name: string
  readonly storage: string
  readonly relay?: string | undefined
  /** Credentials for the storage, shared with members (sealed in the workspace and in invites). */
  readonly credentials?: StorageCredentials | undefined
}

export interface LiveSyncOptions {
  /** Opens WebSockets (the browser's WebSocket, or `ws` in Node); without it there is no relay. */
  readonly connect?: WebSocketFactory
  /** How often storage is pulled while all is well (default 30 s, jittered ±20%). */
  readonly pullIntervalMs?: number
  /** While edits come in a burst, how long they gather before one seal (default 30 ms); an edit after a pause is sealed at once. */
  readonly sealDelayMs?: number
  /** How long after a seal the upload to storage starts (default 250 ms). */
  readonly pushDelayMs?: number
}

export interface InviteOptions {
  readonly role?: Role
  /** Lifetime in milliseconds from now. */
  readonly expiresInMs?: number
  /** How many devices may join with it (unlimited when omitted). */
  readonly uses?: number
  /**
   * A short link instead of a full code (invites/short-invite.ts): the rest goes to storage in
   * a card only the link opens. The code returned names the storage; drop its `.…` part when
   * the app can supply it (its deployment's default storage).
   */
  readonly short?: boolean
  /** Storage access sealed into the short link's card, so the person joining types no keys. */
  readonly storageAccess?: StorageCredentials
  /** @internal A device invite: only another device of this user may use it (device linking). */
  readonly forUser?: string
}

export interface RemoveStorageOptions {
  /**
   * Also delete the workspace's files there, once the remaining locations hold all of them and
   * the removal is recorded there, leaving a forwarding note for devices that were offline.
   * Works on a location already removed.
   */
  readonly deleteFiles?: boolean
}
