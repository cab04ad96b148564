// The clientful-relay command as a child process, as an operator runs it: waits for its JSON
// "listening" line on stdout and keeps every log line for the test to read.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { fromSource, RELAY_CLI } from '../../scripts/services/from-source.ts'
import { withGuard } from './helpers.ts'

export interface RelayCli {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  /** The "listening" log record. */
  readonly listening: Record<string, unknown>
  /** Every JSON line written so far. */
  readonly logs: Record<string, unknown>[]
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  /** SIGKILL if still running (cleanup). */
  kill(): void
}

export async function startRelayCli(args: string[], env: Record<string, string> = {}): Promise<RelayCli> {
  const child = spawn(process.execPath, [...fromSource(RELAY_CLI), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const logs: Record<string, unknown>[] = []
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const listening = await withGuard(
    new Promise<Record<string, unknown>>((resolve, reject) => {
      let buffered = ''
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) {
          const record = JSON.parse(line) as Record<string, unknown>
          logs.push(record)
          if (record.event === 'listening') resolve(record)
        }
      })
      void exited.then((code) => reject(new Error(`the relay exited (${code}) before listening: ${stderr}`)))
    }),
    'the relay to listen',
  )
  return {
    child,
    url: String(listening.url),
    listening,
    logs,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
