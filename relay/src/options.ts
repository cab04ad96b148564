// Relay options, their defaults, and validation. Misuse (a negative limit, a byte burst that
// can never admit a full-size frame) throws a RelayOptionError naming the option; the CLI
// turns the option's name back into the flag or environment variable it came from.

import type { Logger } from 'pino'

export const DEFAULT_PORT = 8787

/** Events the relay reports. Fields are counts only: never room ids, payloads or addresses. */
export type RelayLogEvent =
  | 'listening'
  | 'closed'
  | 'draining'
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
  /** Serve Prometheus /metrics on this port (0 picks one); omitted → no metrics listener. */
  metricsPort?: number
  /** Interface for the metrics listener. Default 127.0.0.1: metrics are for the operator only. */
  metricsHost?: string
  /** Largest WebSocket message accepted, whole frame included. Default 2 MiB. */
  maxFrameBytes?: number
  /** Open connections per node. Default 10 000. */
  maxConnections?: number
  /** Open connections per client address (IPv6: per /64), across the fleet with Redis. Default 256. */
  maxConnectionsPerIp?: number
  /** Members per room, across the fleet with Redis. Default 256. */
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
  /** Publishes per room per second on this node, all members together, and burst. Defaults 500/s, 1000. */
  roomMessagesPerSecond?: number
  roomMessageBurst?: number
  /** New connections admitted per second on this node, and burst. Defaults 1000/s, 500. */
  connectionsPerSecond?: number
  connectionBurst?: number
  /** Upgrades held waiting for admission before new ones are refused with 503. Default 2000. */
  maxPendingUpgrades?: number
  /** Malformed frames tolerated per connection before closing it with 1008. Default 10. */
  maxBadFrames?: number
  /** Rate-limited frames tolerated (refilling 1/s) before closing with 1008. Default 50. */
  maxRateLimitStrikes?: number
  /** Ping interval; a connection silent for two intervals is terminated. Default 30 s. */
  heartbeatIntervalMs?: number
  /** Retry-After seconds sent with a refused upgrade (jittered up to twice this). Default 5. */
  retryAfterSeconds?: number
  /** Proxies in front that append to X-Forwarded-For (their entries are trusted). Default 0. */
  trustedProxies?: number
  /** On drain, clients are told to reconnect elsewhere (1012) spread over this window. Default 5 s. */
  drainMs?: number
  /** Receives count-only events; default: silent. */
  log?: RelayLog
  /** A pino logger for JSON logs; default: none. */
  logger?: Logger
}

type Defaulted = Exclude<keyof RelayOptions, 'redisUrl' | 'metricsPort' | 'log' | 'logger'>

export type ResolvedRelayOptions = Required<Pick<RelayOptions, Defaulted>> & {
  redisUrl: string | undefined
  metricsPort: number | undefined
  log: RelayLog
  logger: Logger | undefined
}

/** Misuse of an option; `option` is its RelayOptions name. */
export class RelayOptionError extends RangeError {
  readonly option: keyof RelayOptions
  /** The message without the option's name, e.g. "must be a positive number". */
  readonly detail: string

  constructor(option: keyof RelayOptions, detail: string) {
    super(`${option} ${detail}`)
    this.name = 'RelayOptionError'
    this.option = option
    this.detail = detail
  }
}

const MiB = 1024 * 1024

export function resolveRelayOptions(options: RelayOptions): ResolvedRelayOptions {
  const maxFrameBytes = options.maxFrameBytes ?? 2 * MiB
  const resolved: ResolvedRelayOptions = {
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    redisUrl: options.redisUrl,
    metricsPort: options.metricsPort,
    metricsHost: options.metricsHost ?? '127.0.0.1',
    maxFrameBytes,
    maxConnections: options.maxConnections ?? 10_000,
    maxConnectionsPerIp: options.maxConnectionsPerIp ?? 256,
    maxConnectionsPerRoom: options.maxConnectionsPerRoom ?? 256,
    maxRoomsPerConnection: options.maxRoomsPerConnection ?? 64,
    maxBufferedBytes: options.maxBufferedBytes ?? 8 * MiB,
    messagesPerSecond: options.messagesPerSecond ?? 100,
    messageBurst: options.messageBurst ?? 200,
    bytesPerSecond: options.bytesPerSecond ?? MiB,
    byteBurst: options.byteBurst ?? 2 * maxFrameBytes,
    roomMessagesPerSecond: options.roomMessagesPerSecond ?? 500,
    roomMessageBurst: options.roomMessageBurst ?? 1_000,
    connectionsPerSecond: options.connectionsPerSecond ?? 1_000,
    connectionBurst: options.connectionBurst ?? 500,
    maxPendingUpgrades: options.maxPendingUpgrades ?? 2_000,
    maxBadFrames: options.maxBadFrames ?? 10,
    maxRateLimitStrikes: options.maxRateLimitStrikes ?? 50,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 5,
    trustedProxies: options.trustedProxies ?? 0,
    drainMs: options.drainMs ?? 5_000,
    log: options.log ?? (() => {}),
    logger: options.logger,
  }
  for (const name of ['port', 'metricsPort'] as const) {
    const value = resolved[name]
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 65_535)) {
      throw new RelayOptionError(name, 'must be an integer from 0 to 65535')
    }
  }
  for (const name of POSITIVE_NUMBERS) {
    const value = resolved[name]
    if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw new RelayOptionError(name, 'must be a positive number')
    }
  }
  for (const name of ['trustedProxies', 'drainMs'] as const) {
    if (!(Number.isInteger(resolved[name]) && resolved[name] >= 0)) throw new RelayOptionError(name, 'must be an integer ≥ 0')
  }
  if (resolved.byteBurst < maxFrameBytes) {
    throw new RelayOptionError('byteBurst', 'must be at least maxFrameBytes, or a full-size frame could never pass')
  }
  if (resolved.redisUrl !== undefined && !/^rediss?:\/\/./.test(resolved.redisUrl)) {
    throw new RelayOptionError('redisUrl', 'must be a redis:// or rediss:// URL')
  }
  return resolved
}

const POSITIVE_NUMBERS = [
  'maxFrameBytes',
  'maxConnections',
  'maxConnectionsPerIp',
  'maxConnectionsPerRoom',
  'maxRoomsPerConnection',
  'maxBufferedBytes',
  'messagesPerSecond',
  'messageBurst',
  'bytesPerSecond',
  'byteBurst',
  'roomMessagesPerSecond',
  'roomMessageBurst',
  'connectionsPerSecond',
  'connectionBurst',
  'maxPendingUpgrades',
  'maxBadFrames',
  'maxRateLimitStrikes',
  'heartbeatIntervalMs',
  'retryAfterSeconds',
] as const satisfies ReadonlyArray<keyof ResolvedRelayOptions>
