// CPU time of a server the bench started as a child process (s3rver), read from /proc: the
// bench's own process.cpuUsage() leaves it out, yet on a 2-core machine it competes with the
// client for the same cores. Linux only; elsewhere the reading is undefined.

import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = 100 // USER_HZ: 100 on every Linux Node supports

/** A reader of the CPU ms used so far by this process's child whose command line contains `match`. */
export function childCpu(match: string): () => number | undefined {
  let pid: string | undefined
  return () => {
    try {
      pid ??= findChild(match)
      if (pid === undefined) return undefined
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
    } catch {
      return undefined
    }
  }
}

function findChild(match: string): string | undefined {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]
      if (ppid === String(process.pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(match)) return pid
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return undefined
}
