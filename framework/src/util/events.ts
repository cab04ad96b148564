// A small typed event emitter: one events map per emitter, and every subscription returns
// its own unsubscribe function.

export type Unsubscribe = () => void

type Listener<T> = (payload: T) => void

export class Emitter<Events extends Record<string, unknown>> {
  /** Type-level only (no runtime value): lets helpers infer an emitter's events map. */
  declare readonly eventsMap?: Events
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.#listeners.get(event)
    if (!set) {
      set = new Set()
      this.#listeners.set(event, set)
    }
    set.add(listener as Listener<never>)
    return () => set.delete(listener as Listener<never>)
  }

  once<K extends keyof Events>(event: K): Promise<Events[K]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        off()
        resolve(payload)
      })
    })
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.#listeners.get(event)
    if (!set) return
    for (const listener of [...set]) {
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch (error) {
        // A faulty listener must not break the emitter or its other listeners.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}
