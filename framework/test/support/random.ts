// A small seeded PRNG (mulberry32) so property tests are reproducible: a failure prints its
// seed, and the same seed replays the same case.

export interface Random {
  readonly seed: number
  next(): number
  int(maxExclusive: number): number
  pick<T>(items: readonly T[]): T
  bytes(length: number): Uint8Array
  shuffle<T>(items: T[]): T[]
}

export function seeded(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number): number => Math.floor(next() * max)
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    bytes: (length) => Uint8Array.from({ length }, () => int(256)),
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1)
        ;[items[i], items[j]] = [items[j]!, items[i]!]
      }
      return items
    },
  }
}

/** Runs `property` for `runs` seeds; the failing seed is in the error message. */
export async function forAllSeeds(runs: number, property: (random: Random) => Promise<void> | void, base = 1): Promise<void> {
  for (let seed = base; seed < base + runs; seed++) {
    try {
      await property(seeded(seed))
    } catch (error) {
      throw new Error(`property failed for seed ${seed}: ${(error as Error).message}`, { cause: error })
    }
  }
}
