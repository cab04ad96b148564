// Command-line flags → RelayOptions. Every numeric option has a kebab-case flag; unknown
// flags and non-numbers are errors with the flag's name, not silently ignored.

import { parseArgs } from 'node:util'
import { DEFAULT_PORT, type RelayOptions } from './options.ts'

type NumericOption = {
  [K in keyof RelayOptions]-?: NonNullable<RelayOptions[K]> extends number ? K : never
}[keyof RelayOptions]

const NUMERIC_FLAGS = {
  port: 'port',
  'max-frame-bytes': 'maxFrameBytes',
  'max-connections': 'maxConnections',
  'max-connections-per-room': 'maxConnectionsPerRoom',
  'max-rooms-per-connection': 'maxRoomsPerConnection',
  'max-buffered-bytes': 'maxBufferedBytes',
  'messages-per-second': 'messagesPerSecond',
  'message-burst': 'messageBurst',
  'bytes-per-second': 'bytesPerSecond',
  'byte-burst': 'byteBurst',
  'connections-per-second': 'connectionsPerSecond',
  'connection-burst': 'connectionBurst',
  'heartbeat-interval-ms': 'heartbeatIntervalMs',
  'retry-after-seconds': 'retryAfterSeconds',
} as const satisfies Record<string, NumericOption>

export const USAGE = `Usage: clientful-relay [options]

  --port N                     TCP port (default ${DEFAULT_PORT}; 0 picks a free port)
  --host HOST                  interface to bind (default 127.0.0.1)
  --redis URL                  redis://… to fan out across several relay nodes
${Object.keys(NUMERIC_FLAGS)
  .filter((flag) => flag !== 'port')
  .map((flag) => `  --${flag} N`)
  .join('\n')}
  --help                       show this text

Environment: PORT, HOST and REDIS_URL are used when the flags are absent.`

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: RelayOptions }

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliCommand {
  const numeric = Object.fromEntries(Object.keys(NUMERIC_FLAGS).map((flag) => [flag, { type: 'string' as const }]))
  const values: Readonly<Record<string, unknown>> = parseArgs({
    args: [...argv],
    options: { ...numeric, host: { type: 'string' }, redis: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  }).values
  if (values.help === true) return { kind: 'help' }

  const options: RelayOptions = {}
  const port = stringValue(values.port) ?? env.PORT
  if (port !== undefined) options.port = toNumber('--port', port)
  for (const [flag, key] of Object.entries(NUMERIC_FLAGS)) {
    const raw = stringValue(values[flag])
    if (raw !== undefined && key !== 'port') options[key] = toNumber(`--${flag}`, raw)
  }
  const host = stringValue(values.host) ?? env.HOST
  if (host !== undefined) options.host = host
  const redisUrl = stringValue(values.redis) ?? env.REDIS_URL
  if (redisUrl !== undefined) options.redisUrl = redisUrl
  return { kind: 'run', options }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function toNumber(flag: string, raw: string): number {
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw new RangeError(`${flag} must be a number, got "${raw}"`)
  return value
}
