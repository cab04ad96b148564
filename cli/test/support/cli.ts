// Runs the real `clientful` CLI in a child process, as a user would.

import { execFile } from 'node:child_process'
import { CLIENTFUL_CLI, fromSource } from '../../../scripts/services/from-source.ts'

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** The last non-empty line of stdout: where commands print what they created. */
  readonly last: string
}

export function clientful(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...fromSource(CLIENTFUL_CLI), ...args], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      const lines = stdout.split('\n').filter((l) => l.trim() !== '')
      resolve({ code, stdout, stderr, last: lines.at(-1) ?? '' })
    })
  })
}

/** Runs and insists on success, showing stderr when it fails. */
export async function ok(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const result = await clientful(args, env)
  if (result.code !== 0) throw new Error(`clientful ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
  return result
}
