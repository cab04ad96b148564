// @clientful/relay: a dumb WebSocket relay. It forwards opaque frames between the members of
// a room, proves membership by an Ed25519 signature over a nonce, enforces limits, and keeps
// nothing. The wire format lives in @clientful/relay-protocol.

export { createRelayServer, type RelayServer, type RelayStats } from './relay-server.ts'
export { DEFAULT_PORT, RelayOptionError, type RelayLog, type RelayLogEvent, type RelayOptions } from './options.ts'
export type { FanoutState } from './fanout.ts'
