// Publishes per room per second, all members together. One publish costs a send to every
// member, so a room of 256 members each at its own per-connection limit could make one node
// send millions of frames a second; this bounds a room's fan-out work on each node. A room's
// bucket is forgotten with the room.

import { TokenBucket } from './token-bucket.ts'

export class RoomRateLimits {
  readonly #buckets = new Map<string, TokenBucket>()
  readonly #perSecond: number
  readonly #burst: number

  constructor(perSecond: number, burst: number) {
    this.#perSecond = perSecond
    this.#burst = burst
  }

  /** Charges one publish to the room; false when the room is over its rate. */
  admit(roomHex: string): boolean {
    let bucket = this.#buckets.get(roomHex)
    if (!bucket) this.#buckets.set(roomHex, (bucket = new TokenBucket(this.#burst, this.#perSecond)))
    return bucket.take(1)
  }

  forget(roomHex: string): void {
    this.#buckets.delete(roomHex)
  }
}
