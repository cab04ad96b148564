// Counts that must hold across the fleet: connections per client address and members per room.
// Every node counts its own share locally; with Redis the shares are summed fleet-wide at each
// acquire (redis-fleet-counter.ts). The local share alone never exceeds the limit, so a node
// cut off from Redis still enforces it per node.

export interface FleetCounter {
  /** Takes one unit of `key` if the fleet holds fewer than `limit`. Never rejects. */
  acquire(key: string, limit: number): Promise<boolean>
  /** Gives back one unit taken by acquire. */
  release(key: string): void
  /** This node's share of `key`. */
  localCount(key: string): number
  close(): Promise<void>
}

/** This node's shares: the whole truth for a single node, and what Redis mirrors. */
export class LocalCounts {
  readonly #counts = new Map<string, number>()

  get(key: string): number {
    return this.#counts.get(key) ?? 0
  }

  increment(key: string): void {
    this.#counts.set(key, this.get(key) + 1)
  }

  decrement(key: string): boolean {
    const count = this.get(key)
    if (count <= 0) return false
    if (count === 1) this.#counts.delete(key)
    else this.#counts.set(key, count - 1)
    return true
  }

  entries(): IterableIterator<[string, number]> {
    return this.#counts.entries()
  }
}

export function createLocalFleetCounter(): FleetCounter {
  const counts = new LocalCounts()
  return {
    acquire(key, limit) {
      if (counts.get(key) >= limit) return Promise.resolve(false)
      counts.increment(key)
      return Promise.resolve(true)
    },
    release: (key) => void counts.decrement(key),
    localCount: (key) => counts.get(key),
    close: () => Promise.resolve(),
  }
}
