// The pacer on a virtual clock: no real waiting, exact times.
import { describe, expect, it } from 'vitest'
import { createWritePacer, type PacerClock } from '../src/index.ts'

function virtualClock(): PacerClock & { runAll(): Promise<void>; advance(ms: number): void } {
  let now = 0
  const timers: { at: number; wake: () => void }[] = []
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: (ms) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    async runAll() {
      await settle()
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at)
        const timer = timers.shift()!
        now = Math.max(now, timer.at)
        timer.wake()
        await settle()
      }
    },
  }
}

async function startTimes(clock: ReturnType<typeof virtualClock>, take: () => Promise<void>, count: number): Promise<number[]> {
  const times: number[] = []
  const all = Promise.all(Array.from({ length: count }, () => take().then(() => times.push(clock.now()))))
  await clock.runAll()
  await all
  return times
}

describe('createWritePacer', () => {
  it('lets a burst through at once, then one write per interval, in arrival order', async () => {
    const clock = virtualClock()
    const pacer = createWritePacer({ perSecond: 2, burst: 3 }, clock)
    expect(await startTimes(clock, () => pacer.take(), 7)).toEqual([0, 0, 0, 500, 1000, 1500, 2000])
  })

  it('stays under its rate over a long run', async () => {
    const clock = virtualClock()
    const pacer = createWritePacer({}, clock) // defaults: 2.5/s, burst 5
    const times = await startTimes(clock, () => pacer.take(), 105)
    expect(times.at(-1)).toBe(40_000) // 100 writes past the burst at 400 ms each
  })

  it('refills while idle, up to the burst', async () => {
    const clock = virtualClock()
    const pacer = createWritePacer({ perSecond: 1, burst: 2 }, clock)
    await startTimes(clock, () => pacer.take(), 2)
    clock.advance(10_000) // idle for ten intervals: the bucket holds only `burst`
    const base = clock.now()
    expect((await startTimes(clock, () => pacer.take(), 3)).map((t) => t - base)).toEqual([0, 0, 1000])
  })

  it('holds every write off after Drive throttled one', async () => {
    const clock = virtualClock()
    const pacer = createWritePacer({ perSecond: 10, burst: 10 }, clock)
    pacer.holdOff(3000)
    expect(await startTimes(clock, () => pacer.take(), 2)).toEqual([3000, 3000])
  })

  it('refuses nonsense rates', () => {
    expect(() => createWritePacer({ perSecond: 0 })).toThrow(/perSecond/)
    expect(() => createWritePacer({ burst: 0 })).toThrow(/burst/)
  })
})
