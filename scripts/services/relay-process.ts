// A relay node as its own process (the clientful-relay command from sources), for tests and
// benches that kill nodes: SIGKILL is a crash, SIGTERM a drain. Settings go through the
// environment, as an operator sets them; the port can be fixed so a node comes back where the
// balancer expects it.

import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { fromSource, RELAY_CLI } from './from-source.ts'
import { waitForListeningLine } from './wait-for-listening.ts'

export interface RelayProcess {
  readonly url: string
  readonly port: number
  readonly pid: number
  /** Resident memory now and at its peak, in bytes (Linux /proc; NaN elsewhere or once exited). */
  memory(): { rss: number; peakRss: number }
  /** Sends the signal and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

export async function startRelayProcess(env: Record<string, string> = {}, port = 0): Promise<RelayProcess> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, fromSource(RELAY_CLI), {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Log level info: its "listening on ws://…" line is how we learn the port.
    env: { ...process.env, CLIENTFUL_RELAY_PORT: String(port), CLIENTFUL_RELAY_LOG_LEVEL: 'info', ...env },
  })
  const exited = once(child, 'exit')
  const killOnExit = (): void => void child.kill('SIGKILL')
  process.once('exit', killOnExit) // never leave a relay behind a run that died
  const listening = await waitForListeningLine(child, 20_000).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  const pid = child.pid!
  return {
    url: `ws://127.0.0.1:${listening}`,
    port: listening,
    pid,
    memory: () => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
        return { rss: kb('VmRSS'), peakRss: kb('VmHWM') }
      } catch {
        return { rss: NaN, peakRss: NaN }
      }
    },
    async kill(signal = 'SIGKILL') {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}
