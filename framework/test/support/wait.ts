// Waiting for events instead of sleeping: resolve when a condition holds, checked now and
// each time the emitter fires; the timeout only turns a hang into a clear failure.

import type { Emitter } from '../../src/util/events.ts'

type EventsOf<T> = T extends { readonly eventsMap?: infer E } ? NonNullable<E> : never

export function waitFor<T extends Emitter<any>, K extends keyof EventsOf<T> & string>(
  emitter: T,
  event: K,
  condition: (payload: EventsOf<T>[K] | undefined) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (condition(undefined)) return resolve()
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timed out waiting for ${what}`))
    }, timeoutMs)
    const off = emitter.on(event, (payload: EventsOf<T>[K]) => {
      if (!condition(payload)) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}
