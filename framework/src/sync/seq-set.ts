// Which sequence numbers of one device's log this device has applied, as sorted disjoint
// ranges. The high-water mark is the end of the run starting at 1; anything applied past a
// gap (e.g. live from the relay) is remembered so it is neither fetched nor applied twice.

export type SeqRange = readonly [first: number, last: number]

export class SeqSet {
  #ranges: [number, number][]

  constructor(ranges: readonly SeqRange[] = []) {
    this.#ranges = ranges.map(([a, b]) => [a, b])
  }

  /** Highest n such that 1..n are all applied (0 when 1 is missing). */
  get highWater(): number {
    const first = this.#ranges[0]
    return first && first[0] === 1 ? first[1] : 0
  }

  /** Highest sequence number applied at all. */
  get max(): number {
    return this.#ranges.at(-1)?.[1] ?? 0
  }

  has(seq: number): boolean {
    return this.#ranges.some(([a, b]) => seq >= a && seq <= b)
  }

  add(seq: number): void {
    if (!this.has(seq)) this.addRange(seq, seq)
  }

  /** Adds first..last (inclusive). */
  addRange(first: number, last: number): void {
    if (last < first) return
    this.#ranges.push([first, last])
    this.#ranges.sort((x, y) => x[0] - y[0])
    const merged: [number, number][] = []
    for (const range of this.#ranges) {
      const prev = merged.at(-1)
      if (prev && range[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], range[1])
      else merged.push([range[0], range[1]])
    }
    this.#ranges = merged
  }

  /** Sequence numbers in 1..upTo not applied yet, at most `limit` of them. */
  missing(upTo: number, limit = Infinity): number[] {
    const out: number[] = []
    let next = 1
    for (const [a, b] of this.#ranges) {
      for (let s = next; s < Math.min(a, upTo + 1) && out.length < limit; s++) out.push(s)
      next = b + 1
      if (next > upTo || out.length >= limit) return out
    }
    for (let s = next; s <= upTo && out.length < limit; s++) out.push(s)
    return out
  }

  /** Sequence numbers in (after, upTo] not applied yet, at most `limit` of them. */
  missingAfter(after: number, upTo: number, limit: number): number[] {
    const out: number[] = []
    for (let s = after + 1; s <= upTo && out.length < limit; s++) {
      const range = this.#ranges.find(([a, b]) => s >= a && s <= b)
      if (range) s = range[1]
      else out.push(s)
    }
    return out
  }

  toJSON(): SeqRange[] {
    return this.#ranges.map(([a, b]) => [a, b] as const)
  }
}
