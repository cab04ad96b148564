// A token bucket: `capacity` tokens, refilled continuously at `perSecond`. Used for the
// per-connection message and byte limits, for strikes, and for admission of new connections.

export class TokenBucket {
  readonly capacity: number
  readonly perSecond: number
  readonly #now: () => number
  #tokens: number
  #last: number

  constructor(capacity: number, perSecond: number, now: () => number = () => performance.now()) {
    this.capacity = capacity
    this.perSecond = perSecond
    this.#now = now
    this.#tokens = capacity
    this.#last = now()
  }

  /** Takes `amount` tokens if all are available; a refusal takes nothing. */
  take(amount = 1): boolean {
    this.#refill()
    if (this.#tokens < amount) return false
    this.#tokens -= amount
    return true
  }

  /** Milliseconds until `amount` tokens will be available (0 if they are now). */
  msUntil(amount = 1): number {
    this.#refill()
    if (this.#tokens >= amount) return 0
    return ((amount - this.#tokens) / this.perSecond) * 1000
  }

  #refill(): void {
    const now = this.#now()
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond)
    this.#last = now
  }
}
