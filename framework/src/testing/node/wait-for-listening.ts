// Waits for a child server to announce "listening on HOST:PORT" on stdout, failing fast with
// its stderr if it exits first (port taken, bad flag) and with a deadline if it hangs.

import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'

const LISTENING = /listening on \S*?:(\d+)/i

export function waitForListeningLine(
  child: ChildProcessByStdio<null, Readable, Readable>,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const settle = (outcome: () => void): void => {
      clearTimeout(deadline)
      child.stdout.off('data', onStdout)
      child.off('exit', onExit)
      // Keep draining both pipes so a chatty server never blocks on a full pipe.
      child.stdout.resume()
      outcome()
    }
    const onStdout = (chunk: string): void => {
      stdout += chunk
      const match = LISTENING.exec(stdout)
      if (match) settle(() => resolve(Number(match[1])))
    }
    const onExit = (code: number | null, signal: string | null): void =>
      settle(() => reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr.trim() || stdout.trim()}`)))
    const deadline = setTimeout(
      () => settle(() => reject(new Error(`server did not announce it was listening within ${timeoutMs} ms`))),
      timeoutMs,
    )
    child.stdout.setEncoding('utf8').on('data', onStdout)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000)
    })
    child.once('exit', onExit)
  })
}
