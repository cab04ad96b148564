// The clientful-relay command: parse flags, start the relay, print one line, and shut down
// cleanly on SIGINT/SIGTERM. Logs carry counts only (see RelayLog).

import { createRelayServer } from './relay-server.ts'
import { parseCliArgs, USAGE } from './parse-cli-args.ts'
import type { RelayLog } from './options.ts'

const logToStderr: RelayLog = (event, counts) => {
  if (event === 'listening') return // the one stdout line below says it
  const fields = Object.entries(counts).map(([key, value]) => `${key}=${value}`)
  process.stderr.write(`clientful relay: ${[event, ...fields].join(' ')}\n`)
}

async function main(): Promise<void> {
  let command
  try {
    command = parseCliArgs(process.argv.slice(2), process.env)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`)
    process.exitCode = 2
    return
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }

  const relay = await createRelayServer({ ...command.options, log: logToStderr })
  process.stdout.write(`clientful relay listening on ${relay.url}\n`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`clientful relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
