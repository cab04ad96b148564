// Relay options, their defaults, and validation. Misuse (a negative limit, a byte burst that
// can never admit a full-size frame) throws here, naming the option.

export const DEFAULT_PORT = 8787

/** Events the relay reports. Fields are counts only: never room ids, payloads or addresses. */
export type RelayLogEvent =
  | 'listening'
  | 'closed'
  | 'upgrade-refused'
  | 'slow-consumer'
  | 'policy-close'
  | 'redis-ready'
  | 'redis-error'
  | 'redis-unavailable'

export type RelayLog = (event: RelayLogEvent, counts: Readonly<Record<string, number>>) => void

export interface RelayOptions {
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number
  /** Interface to bind. Default 127.0.0.1 (put a TLS proxy in front for public use). */
  host?: string
  /** redis://… to fan out across several relay nodes; omitted → single node. */
  redisUrl?: string
  /** Largest WebSocket message accepted, whole frame included. Default 2 MiB. */
  maxFrameBytes?: number
  /** Open connections per node. Default 10 000. */
  maxConnections?: number
  /** Members per room on this node. Default 256. */
  maxConnectionsPerRoom?: number
  /** Rooms one connection may join. Default 64. */
  maxRoomsPerConnection?: number
  /** Bytes queued towards one receiver before it is closed as a slow consumer. Default 8 MiB. */
  maxBufferedBytes?: number
  /** Per-connection message rate and burst. Defaults 100/s, burst 200. */
  messagesPerSecond?: number
  messageBurst?: number
  /** Per-connection byte rate and burst. Defaults 1 MiB/s, burst 2 × maxFrameBytes. */
  bytesPerSecond?: number
  byteBurst?: number
  /** New connections admitted per second across the node, and burst. Defaults 100/s, 200. */
  connectionsPerSecond?: number
  connectionBurst?: number
  /** Malformed frames tolerated per connection before closing it with 1008. Default 10. */
  maxBadFrames?: number
  /** Rate-limited frames tolerated (refilling 1/s) before closing with 1008. Default 50. */
  maxRateLimitStrikes?: number
  /** Ping interval; a connection silent for two intervals is terminated. Default 30 s. */
  heartbeatIntervalMs?: number
  /** Retry-After seconds sent with a refused upgrade (jittered up to twice this). Default 5. */
  retryAfterSeconds?: number
  /** Receives count-only events; default: silent. */
  log?: RelayLog
}

export type ResolvedRelayOptions = Required<Omit<RelayOptions, 'redisUrl' | 'log'>> & {
  redisUrl: string | undefined
  log: RelayLog
}

const MiB = 1024 * 1024

export function resolveRelayOptions(options: RelayOptions): ResolvedRelayOptions {
  const maxFrameBytes = options.maxFrameBytes ?? 2 * MiB
  const resolved: ResolvedRelayOptions = {
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    redisUrl: options.redisUrl,
    maxFrameBytes,
    maxConnections: options.maxConnections ?? 10_000,
    maxConnectionsPerRoom: options.maxConnectionsPerRoom ?? 256,
    maxRoomsPerConnection: options.maxRoomsPerConnection ?? 64,
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * MiB,
    messagesPerSecond: options.messagesPerSecond ?? 100,
    messageBurst: options.messageBurst ?? 200,
    bytesPerSecond: options.bytesPerSecond ?? MiB,
    byteBurst: options.byteBurst ?? 2 * maxFrameBytes,
    connectionsPerSecond: options.connectionsPerSecond ?? 100,
    connectionBurst: options.connectionBurst ?? 200,
    maxBadFrames: options.maxBadFrames ?? 10,
    maxRateLimitStrikes: options.maxRateLimitStrikes ?? 50,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    log: options.log ?? (() => {}),
  }
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    throw new RangeError('port must be an integer from 0 to 65535')
  }
  for (const name of POSITIVE_NUMBERS) {
    const value = resolved[name]
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new RangeError(`${name} must be a positive number`)
    }
  }
  if (resolved.byteBurst < maxFrameBytes) {
    throw new RangeError('byteBurst must be at least maxFrameBytes, or a full-size frame could never pass')
  }
  return resolved
}

const POSITIVE_NUMBERS = [
  'maxFrameBytes',
  'maxConnections',
  'maxConnectionsPerRoom',
  'maxRoomsPerConnection',
  'maxBufferedBytes',
  'messagesPerSecond',
  'messageBurst',
  'bytesPerSecond',
  'byteBurst',
  'connectionsPerSecond',
  'connectionBurst',
  'maxBadFrames',
  'maxRateLimitStrikes',
  'heartbeatIntervalMs',
  'retryAfterSeconds',
] as const satisfies ReadonlyArray<keyof ResolvedRelayOptions>
