// Waiting for events instead of sleeping: resolve when a condition holds, checked each time
// the emitter fires; the timeout only turns a hang into a clear failure.

import type { Unsubscribe } from '../../src/util/events.ts'

export function waitFor<T>(
  subscribe: (listener: (payload: T) => void) => Unsubscribe,
  condition: (payload: T | undefined) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition(undefined)) return resolve()
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timed out waiting for ${what}`))
    }, timeoutMs)
    const off = subscribe((payload) => {
      if (!condition(payload)) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}
