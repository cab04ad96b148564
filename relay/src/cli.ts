// The clientful-relay command: read flags and environment, start the relay with JSON logs on
// stdout, and drain on SIGTERM/SIGINT: stop accepting, send clients elsewhere (1012) over
// --drain-ms, quit Redis, exit 0 — or exit 1 if that overruns its deadline. A second signal
// exits at once. A bad setting is one line on stderr naming its flag or variable, exit 2.

import { pino } from 'pino'
import { RelayOptionError, resolveRelayOptions } from './options.ts'
import { CliUsageError, parseCliArgs, USAGE } from './parse-cli-args.ts'
import { createRelayServer } from './relay-server.ts'

/** Beyond the drain window: close frames' grace (2 s), Redis QUIT (1 s), and slack. */
const DRAIN_DEADLINE_SLACK_MS = 5_000

function usageError(message: string): void {
  process.stderr.write(`clientful-relay: ${message} (see clientful-relay --help)\n`)
  process.exitCode = 2
}

async function main(): Promise<void> {
  let command
  try {
    command = parseCliArgs(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof CliUsageError) return usageError(error.message)
    throw error
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  let drainMs
  try {
    drainMs = resolveRelayOptions(command.options).drainMs
  } catch (error) {
    // A setting valid alone but not with another (a byte burst below the frame size).
    if (error instanceof RelayOptionError) return usageError(`${command.sources[error.option as keyof typeof command.sources] ?? error.option} ${error.detail}`)
    throw error
  }

  const logger = pino({ level: command.logLevel, base: { service: 'clientful-relay' }, timestamp: pino.stdTimeFunctions.isoTime })
  const relay = await createRelayServer({ ...command.options, logger })

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ event: 'forced-exit', signal }, 'second signal: exiting without finishing the drain')
      logger.flush()
      process.exit(1)
    }
    stopping = true
    const deadline = setTimeout(() => {
      logger.error({ event: 'drain-overrun', drainMs }, 'drain overran its deadline: exiting')
      logger.flush()
      process.exit(1)
    }, drainMs + DRAIN_DEADLINE_SLACK_MS)
    deadline.unref()
    relay.drain().then(
      () => {
        logger.flush()
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ event: 'drain-failed', error: error instanceof Error ? error.message : String(error) }, 'drain failed')
        logger.flush()
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  // Start-up failures (a port in use) carry no secrets: Redis URLs are never in these messages.
  process.stderr.write(`clientful-relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
