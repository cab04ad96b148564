// Crashing one tab the way the OS does (an OOM kill): SIGKILL to its renderer process. CDP's
// Page.crash takes the whole headless browser down with this Chromium (156), so it cannot
// stand for a tab crash here. A tab's renderer is found by what appeared while it loaded.

import { execFileSync } from 'node:child_process'

function rendererPids(): Set<number> {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  const pids = table
    .split('\n')
    .filter((line) => line.includes('--type=renderer'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
  return new Set(pids.filter((pid) => Number.isInteger(pid) && pid !== process.pid))
}

/** Runs `open` (which creates and loads a tab) and returns a function that kills that tab's renderer. */
export async function killableTab<T>(open: () => Promise<T>): Promise<{ tab: T; kill: () => void }> {
  const before = rendererPids()
  const tab = await open()
  const mine = [...rendererPids()].filter((pid) => !before.has(pid))
  if (mine.length === 0) throw new Error('no renderer process appeared for the new tab')
  return {
    tab,
    kill: () => {
      for (const pid of mine) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    },
  }
}
