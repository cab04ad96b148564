// The servers the relay benches talk to, each in its own child process: the relay command
// itself (as an operator runs it, settings through its environment; from sources), and the two baselines in
// bench/servers/. Each announces "listening on HOST:PORT"; its CPU time is read from /proc.

import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { fromSource, RELAY_CLI } from '../scripts/services/from-source.ts'
import { waitForListeningLine } from '../scripts/services/wait-for-listening.ts'

export interface BenchServer {
  readonly url: string
  readonly pid: number
  /** CPU ms the server process has used so far (Linux /proc; NaN elsewhere). */
  cpuMs(): number
  /** Resident memory now and at its peak, in bytes (Linux /proc; NaN elsewhere). */
  memory(): { rss: number; peakRss: number }
  stop(): Promise<void>
}

const SERVERS = fileURLToPath(new URL('./servers/', import.meta.url))
const TICKS_PER_SECOND = 100 // USER_HZ

export function startRelayProcess(env: Record<string, string>): Promise<BenchServer> {
  // Log level info: its "listening on ws://…" line is how the bench learns the port.
  return start(process.execPath, fromSource(RELAY_CLI), { CLIENTFUL_RELAY_PORT: '0', CLIENTFUL_RELAY_LOG_LEVEL: 'info', ...env }, 'ws')
}

export function startRawBroadcastServer(): Promise<BenchServer> {
  return start(process.execPath, ['--import', 'tsx', `${SERVERS}raw-broadcast-server.ts`], {}, 'ws')
}

export function startYWebsocketServer(): Promise<BenchServer> {
  return start(process.execPath, ['--import', 'tsx', `${SERVERS}y-websocket-server.ts`], {}, 'ws')
}

async function start(command: string, args: string[], env: Record<string, string>, scheme: string): Promise<BenchServer> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  const exited = once(child, 'exit')
  const killOnExit = (): void => void child.kill('SIGKILL')
  process.once('exit', killOnExit) // never leave a server behind a bench that died
  const port = await waitForListeningLine(child, 15_000).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  const pid = child.pid!
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    pid,
    cpuMs: () => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
      } catch {
        return NaN
      }
    },
    memory: () => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8')
        const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
        return { rss: kb('VmRSS'), peakRss: kb('VmHWM') }
      } catch {
        return { rss: NaN, peakRss: NaN }
      }
    },
    async stop() {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
