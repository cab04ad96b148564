// The clock seam's suite on the system clock, and what it catches in a clock that breaks it.

import { describe, expect, it } from 'vitest'
import { clockConformanceCases } from '../src/testing/clock-conformance.ts'
import { systemClock } from '../src/util/clock.ts'

describe('systemClock', () => {
  for (const c of clockConformanceCases()) it(c.name, () => c.run(systemClock))
})

describe('the suite refuses a broken clock', () => {
  const [integer, monotonic] = clockConformanceCases()
  it('one that reads fractions of a millisecond (performance.now style)', async () => {
    await expect(integer!.run(() => Date.now() + 0.5)).rejects.toThrow(/safe integer/)
  })
  it('one that reads seconds', async () => {
    await expect(integer!.run(() => Math.floor(Date.now() / 1000))).rejects.toThrow(/before 2020/)
  })
  it('one that goes back', async () => {
    let t = Date.now()
    await expect(monotonic!.run(() => (t -= 1))).rejects.toThrow(/went back/)
  })
})
