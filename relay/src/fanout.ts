// The seam between one relay node and the others. A single node uses the local-only fan-out;
// with a Redis URL the relay uses redis-fanout.ts. Nothing here may throw into the relay.

export type FanoutState = 'off' | 'ready' | 'down'

export interface Fanout {
  /**
   * Starts receiving this room's frames from other nodes. Resolves once the subscription is
   * active, or at once when fan-out is down (local delivery never waits on it). Never rejects.
   */
  subscribe(roomHex: string): Promise<void>
  /** Stops receiving the room; called when its last local member leaves. */
  unsubscribe(roomHex: string): void
  /** Sends a payload published here to the other nodes' members of the room. */
  publish(roomHex: string, payload: Uint8Array): void
  state(): FanoutState
  close(): Promise<void>
}

export const localOnlyFanout: Fanout = {
  subscribe: () => Promise.resolve(),
  unsubscribe: () => {},
  publish: () => {},
  state: () => 'off',
  close: () => Promise.resolve(),
}
