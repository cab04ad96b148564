// Who else has the workspace open right now, and where in the app they are.

/** Another device's presence: who, and what it shows (app-defined). */
export interface Presence {
  readonly deviceId: string
  readonly userId: string
  /** App-defined JSON, e.g. `{ task: 'task-17' }`: the document or selection the device shows. */
  readonly state: unknown
  /** When this device last heard from it (this device's clock, ms). */
  readonly lastSeen: number
}

/** A device announces itself this often while it is live… */
export const PRESENCE_HEARTBEAT_MS = 4_000
/** …and is taken for gone when nothing was heard from it for this long (or at once, when it says it leaves). */
export const PRESENCE_TTL_MS = 12_000
/** Presence states are small: where the device is, not what it holds. */
export const MAX_PRESENCE_STATE_BYTES = 1024
