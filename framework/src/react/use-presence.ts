// Who else is looking at the workspace right now.

/** Another device's presence: who, and where in the app it is. */
export interface Presence {
  readonly deviceId: string
  readonly userId: string
  /** App-defined: the document or selection the device shows. */
  readonly state: unknown
}

const NOBODY: readonly Presence[] = []

/**
 * TODO(presence): live presence over the relay (ephemeral, signed, encrypted messages in the
 * workspace's room) is not built yet; until it is, nobody else is ever reported.
 */
export function usePresence(): readonly Presence[] {
  return NOBODY
}
