// One place where the relay says what happened: to the count-only RelayLog callback (tests,
// embedders) and, when given, to a pino logger as one JSON line. Fields are counts and a few
// strings the relay itself chose (a reason, its own URL, per-process pseudonyms from
// pseudonym.ts): never payloads, room ids, addresses or secrets.

import type { Logger } from 'pino'
import type { RelayLog, RelayLogEvent } from './options.ts'

export type Reporter = (event: RelayLogEvent, counts?: Readonly<Record<string, number>>, labels?: Readonly<Record<string, string>>) => void

const LEVELS: Readonly<Record<RelayLogEvent, 'info' | 'warn' | 'error'>> = {
  listening: 'info',
  closed: 'info',
  draining: 'info',
  'upgrade-refused': 'warn',
  'slow-consumer': 'warn',
  'policy-close': 'warn',
  'redis-ready': 'info',
  'redis-error': 'error',
  'redis-unavailable': 'error',
}

const MESSAGES: Readonly<Record<RelayLogEvent, string>> = {
  listening: 'relay listening',
  closed: 'relay closed',
  draining: 'relay draining: clients are told to reconnect elsewhere',
  'upgrade-refused': 'refusing new connections',
  'slow-consumer': 'closed a client that could not keep up',
  'policy-close': 'closed a client for breaking the protocol or its limits',
  'redis-ready': 'redis connected: fan-out and fleet limits active',
  'redis-error': 'redis lost: serving local rooms only, limits per node',
  'redis-unavailable': 'redis unreachable at start: serving local rooms only',
}

export function createReporter(log: RelayLog, logger: Logger | undefined): Reporter {
  return (event, counts = {}, labels = {}) => {
    log(event, counts)
    if (!logger) return
    // "listening on ws://host:port" is also what scripts wait for on stdout.
    const message = event === 'listening' && labels.url !== undefined ? `${MESSAGES[event]} on ${labels.url}` : MESSAGES[event]
    logger[LEVELS[event]]({ event, ...counts, ...labels }, message)
  }
}
