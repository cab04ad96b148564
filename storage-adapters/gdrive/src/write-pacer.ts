// A token bucket for Drive's write limit (about three writes per second, sustained, per user):
// every create, update and delete takes a token. Callers queue in arrival order; when Drive
// throttles anyway, holdOff() pauses every write, not just the one that was refused.

export interface PacerClock {
  now(): number
  sleep(ms: number): Promise<void>
}

export interface WritePacing {
  /** Sustained writes per second. Default 2.5, safely under Drive's ~3. */
  readonly perSecond?: number
  /** Writes allowed at once after a quiet spell. Default 5. */
  readonly burst?: number
}

export interface WritePacer {
  /** Resolves when the caller may send one write. */
  take(): Promise<void>
  /** No write starts before `ms` from now (Drive said to slow down). */
  holdOff(ms: number): void
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

export const UNPACED: WritePacer = { take: async () => {}, holdOff: () => {} }

export function createWritePacer(pacing: WritePacing = {}, clock: PacerClock = realClock): WritePacer {
  const perSecond = pacing.perSecond ?? 2.5
  const burst = pacing.burst ?? 5
  if (!(perSecond > 0)) throw new RangeError('pacing.perSecond must be a positive number')
  if (!(burst >= 1)) throw new RangeError('pacing.burst must be at least 1')
  const msPerToken = 1000 / perSecond
  // Tokens may go negative: that is the queue. Each caller reserves the next slot at once,
  // so callers are served in arrival order without a queue structure.
  let tokens = burst
  let updatedAt = clock.now()
  let pausedUntil = 0

  return {
    async take() {
      const now = clock.now()
      tokens = Math.min(burst, tokens + (now - updatedAt) / msPerToken)
      updatedAt = now
      tokens -= 1
      const wait = Math.max(tokens < 0 ? -tokens * msPerToken : 0, pausedUntil - now)
      if (wait > 0) await clock.sleep(wait)
      // A holdOff() that arrived while we waited still applies.
      const pause = pausedUntil - clock.now()
      if (pause > 0) await clock.sleep(pause)
    },
    holdOff(ms) {
      pausedUntil = Math.max(pausedUntil, clock.now() + ms)
    },
  }
}
