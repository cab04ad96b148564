// Every setting of the clientful-relay command, once: its RelayOptions key, its flag, its
// environment variable, what a valid value looks like, and one line of help. The flag parser,
// the environment reader, --help and the README's table all come from this list.

import type { RelayOptions } from './options.ts'

export type ValueKind = 'port' | 'count' | 'rate' | 'whole' | 'text' | 'redis-url' | 'log-level'

export type SettingKey = Exclude<keyof RelayOptions, 'log' | 'logger'> | 'logLevel'

export interface Setting {
  readonly key: SettingKey
  readonly flag: string
  readonly env: string
  /** Older, generic names still read when the CLIENTFUL_RELAY_ one is absent. */
  readonly legacyEnv?: string
  /** Another flag accepted for the same setting. */
  readonly aliasFlag?: string
  readonly kind: ValueKind
  readonly help: string
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const setting = (key: SettingKey, flag: string, kind: ValueKind, help: string, legacy: { env?: string; flag?: string } = {}): Setting => ({
  key,
  flag,
  env: `CLIENTFUL_RELAY_${flag.replaceAll('-', '_').toUpperCase()}`,
  kind,
  help,
  ...(legacy.env !== undefined && { legacyEnv: legacy.env }),
  ...(legacy.flag !== undefined && { aliasFlag: legacy.flag }),
})

export const SETTINGS: readonly Setting[] = [
  setting('port', 'port', 'port', 'TCP port for WebSockets and /healthz (default 8787; 0 picks a free one)', { env: 'PORT' }),
  setting('host', 'host', 'text', 'interface to bind (default 127.0.0.1; 0.0.0.0 in a container)', { env: 'HOST' }),
  setting('redisUrl', 'redis-url', 'redis-url', 'redis://… to make several nodes act as one (default: single node)', { env: 'REDIS_URL', flag: 'redis' }),
  setting('metricsPort', 'metrics-port', 'port', 'serve Prometheus /metrics on this port (default: off)'),
  setting('metricsHost', 'metrics-host', 'text', 'interface for /metrics (default 127.0.0.1)'),
  setting('logLevel', 'log-level', 'log-level', `JSON log level: ${LOG_LEVELS.join(', ')} (default info)`),
  setting('maxConnections', 'max-connections', 'count', 'open connections per node (default 10000)'),
  setting('maxConnectionsPerIp', 'max-connections-per-ip', 'count', 'open connections per client address, fleet-wide (default 256)'),
  setting('maxConnectionsPerRoom', 'max-connections-per-room', 'count', 'members per room, fleet-wide (default 256)'),
  setting('maxRoomsPerConnection', 'max-rooms-per-connection', 'count', 'rooms one connection may join (default 64)'),
  setting('connectionsPerSecond', 'connections-per-second', 'rate', 'new connections admitted per second per node (default 1000)'),
  setting('connectionBurst', 'connection-burst', 'count', 'admitted at once before the rate applies (default 500)'),
  setting('maxPendingUpgrades', 'max-pending-upgrades', 'count', 'upgrades held waiting for admission; more get 503 (default 2000)'),
  setting('retryAfterSeconds', 'retry-after-seconds', 'count', 'Retry-After of a refused upgrade, jittered up to twice (default 5)'),
  setting('maxFrameBytes', 'max-frame-bytes', 'count', 'largest message, whole frame included (default 2097152)'),
  setting('messagesPerSecond', 'messages-per-second', 'rate', 'messages per second per connection (default 100)'),
  setting('messageBurst', 'message-burst', 'count', 'message burst per connection (default 200)'),
  setting('bytesPerSecond', 'bytes-per-second', 'rate', 'bytes per second per connection (default 1048576)'),
  setting('byteBurst', 'byte-burst', 'count', 'byte burst per connection (default 2 × max frame bytes)'),
  setting('roomMessagesPerSecond', 'room-messages-per-second', 'rate', 'publishes per second per room per node (default 500)'),
  setting('roomMessageBurst', 'room-message-burst', 'count', 'publish burst per room per node (default 1000)'),
  setting('maxBufferedBytes', 'max-buffered-bytes', 'count', 'bytes queued to a reader before it is closed as too slow (default 8388608)'),
  setting('maxBadFrames', 'max-bad-frames', 'count', 'malformed frames before a connection is closed (default 10)'),
  setting('maxRateLimitStrikes', 'max-rate-limit-strikes', 'count', 'rate-limited frames before a connection is closed (default 50)'),
  setting('heartbeatIntervalMs', 'heartbeat-interval-ms', 'count', 'ping interval; silent connections are dropped (default 30000)'),
  setting('trustedProxies', 'trusted-proxies', 'whole', 'proxies in front that append X-Forwarded-For (default 0)'),
  setting('drainMs', 'drain-ms', 'whole', 'on SIGTERM, spread the 1012 closes over this window (default 5000)'),
]

/** Values of these kinds may hold a secret (a Redis password): never echoed in an error. */
export const SECRET_KINDS: ReadonlySet<ValueKind> = new Set(['redis-url'])

/** Parses one raw value; a string describing what was expected when it does not fit. */
export function parseValue(kind: ValueKind, raw: string): { ok: true; value: string | number } | { ok: false; expected: string } {
  const text = raw.trim()
  const number = text === '' ? NaN : Number(text)
  switch (kind) {
    case 'port':
      return Number.isInteger(number) && number >= 0 && number <= 65_535 ? { ok: true, value: number } : { ok: false, expected: 'a port number from 0 to 65535' }
    case 'count':
      return Number.isSafeInteger(number) && number > 0 ? { ok: true, value: number } : { ok: false, expected: 'a positive integer' }
    case 'rate':
      return Number.isFinite(number) && number > 0 ? { ok: true, value: number } : { ok: false, expected: 'a positive number' }
    case 'whole':
      return Number.isSafeInteger(number) && number >= 0 ? { ok: true, value: number } : { ok: false, expected: 'an integer ≥ 0' }
    case 'text':
      return text !== '' ? { ok: true, value: text } : { ok: false, expected: 'not empty' }
    case 'redis-url':
      return /^rediss?:\/\/./.test(text) ? { ok: true, value: text } : { ok: false, expected: 'a redis:// or rediss:// URL' }
    case 'log-level':
      return (LOG_LEVELS as readonly string[]).includes(text) ? { ok: true, value: text } : { ok: false, expected: `one of ${LOG_LEVELS.join(', ')}` }
  }
}
