// clientful mirror --from URL --to URL [--two-way] [--watch] [--interval 30s]
// Copies workspaces' ciphertext between two storages, holding no keys. --two-way also copies
// back (a field office's local mirror catching the cloud up when the line returns); --watch
// repeats until interrupted, backing off while a side is unreachable.

import { setTimeout as delay } from 'node:timers/promises'
import { mirrorOnce, withRetries } from 'clientful'
import { errorMessage } from '../error-message.ts'
import { optionalFlag, parseCommand, parseDuration, requireFlag } from '../args.ts'
import type { CliSession } from '../context.ts'
import { checkStorageUrl, openStorageUrl } from '../open-storage.ts'

export async function mirrorCommand(args: string[], io: CliSession): Promise<number> {
  const { flags } = parseCommand(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    'two-way': { type: 'boolean' },
    watch: { type: 'boolean' },
    interval: { type: 'string' },
  })
  const fromUrl = requireFlag(flags, 'from')
  const toUrl = requireFlag(flags, 'to')
  checkStorageUrl(fromUrl)
  checkStorageUrl(toUrl)
  // Timers cannot wait longer than 2^31 ms (about 24.8 days).
  const interval = parseDuration(optionalFlag(flags, 'interval') ?? '30s', 'interval', 24)
  const from = withRetries(await openStorageUrl(fromUrl))
  const to = withRetries(await openStorageUrl(toUrl))
  const round = async (): Promise<void> => {
    const there = await mirrorOnce(from, to)
    io.out(`${from.location} → ${to.location}: ${there.copied} copied, ${there.updated} updated, ${there.unchanged} unchanged`)
    if (flags['two-way']) {
      const back = await mirrorOnce(to, from)
      io.out(`${to.location} → ${from.location}: ${back.copied} copied, ${back.updated} updated, ${back.unchanged} unchanged`)
    }
  }
  if (!flags.watch) {
    await round()
    return 0
  }
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  process.once('SIGTERM', () => stop.abort())
  for (let failures = 0; !stop.signal.aborted; ) {
    let wait = interval
    try {
      await round()
      failures = 0
    } catch (error) {
      failures++
      io.err(`mirror: ${errorMessage(error)}; retrying`)
      wait = 1000 + jitteredBackoff(failures)
    }
    await delay(wait, undefined, { signal: stop.signal }).catch(() => undefined)
  }
  return 0
}

/** Full jitter: uniform up to 1 s doubling with each failure, at most a minute. */
function jitteredBackoff(failures: number): number {
  return Math.floor(Math.random() * Math.min(60_000, 1000 * 2 ** Math.min(failures, 6)))
}
