// Who else has the workspace open right now, and where in the app they are: how often a device
// says so and how much it may say (the record the app sees is api/presence.ts).

export type { Presence } from '../api/presence.ts'

/** A device announces itself this often while it is live… */
export const PRESENCE_HEARTBEAT_MS = 4_000
/** …and is taken for gone when nothing was heard from it for this long (or at once, when it says it leaves). */
export const PRESENCE_TTL_MS = 12_000
/** Presence states are small: where the device is, not what it holds. */
export const MAX_PRESENCE_STATE_BYTES = 1024
