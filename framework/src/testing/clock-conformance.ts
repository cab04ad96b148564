// The conformance suite of the clock seam (util/clock.ts): what a clock passed as
// `ClientfulOptions.now` must do for the timestamps the framework writes and compares.
//
//   for (const c of clockConformanceCases()) it(c.name, () => c.run(clock))

import type { Clock } from '../util/clock.ts'
import { check } from './storage-conformance-checks.ts'

export interface ClockConformanceCase {
  readonly name: string
  readonly run: (clock: Clock) => Promise<void>
}

/** 2020-01-01T00:00:00Z: no honest clock is earlier (expiries and windows would misfire). */
const EARLIEST = 1_577_836_800_000

const cases: Record<string, (clock: Clock) => Promise<void>> = {
  'reads milliseconds since 1970 as a safe integer': async (clock) => {
    const now = clock()
    check(Number.isSafeInteger(now), `a clock must return a safe integer (every stored \`at\` is canonical JSON), got ${now}`)
    check(now >= EARLIEST, `a clock must read milliseconds since 1970, got ${now} (before 2020)`)
  },

  'never goes back within a run': async (clock) => {
    let last = clock()
    for (let i = 0; i < 10_000; i++) {
      const now = clock()
      check(now >= last, `the clock went back from ${last} to ${now}`)
      last = now
    }
    // And across awaits.
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => queueMicrotask(resolve))
      await Promise.resolve()
      const now = clock()
      check(now >= last, `the clock went back from ${last} to ${now} across an await`)
      last = now
    }
  },
}

export function clockConformanceCases(): ClockConformanceCase[] {
  return Object.entries(cases).map(([name, run]) => ({ name, run }))
}
