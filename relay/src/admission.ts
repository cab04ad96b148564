// Admission control for new WebSocket upgrades: a storm is held at the door, not let in at
// once and not turned away. Upgrades wait in a bounded queue and are admitted at a steady rate
// (a token bucket: a burst at once, then so many per second), the way a reconnect storm was
// tamed elsewhere by admitting a few hundred clients at a time. Only beyond the queue's bound
// is an upgrade refused, with 503 and a jittered Retry-After, so the refused spread out.

import type { Duplex } from 'node:stream'
import { TokenBucket } from './token-bucket.ts'

export interface WaitingUpgrade {
  readonly socket: Duplex
  /** Completes the upgrade; called once a token is free. */
  admit(): void
}

export class UpgradeQueue {
  readonly #capacity: number
  readonly #bucket: TokenBucket
  /** Insertion-ordered: the first is the oldest. Closed sockets leave at once. */
  readonly #waiting = new Set<WaitingUpgrade>()
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: { capacity: number; perSecond: number; burst: number }) {
    this.#capacity = options.capacity
    this.#bucket = new TokenBucket(options.burst, options.perSecond)
  }

  /** Upgrades waiting now. */
  get size(): number {
    return this.#waiting.size
  }

  /**
   * Admits at once when a token is free and nobody is ahead, else queues; false when the
   * queue is full (the caller refuses). A queued upgrade whose socket closes leaves the queue.
   */
  offer(upgrade: WaitingUpgrade): boolean {
    if (this.#waiting.size === 0 && this.#bucket.take(1)) {
      upgrade.admit()
      return true
    }
    if (this.#waiting.size >= this.#capacity) return false
    this.#waiting.add(upgrade)
    upgrade.socket.once('close', () => this.#waiting.delete(upgrade))
    this.#schedule()
    return true
  }

  /** Empties the queue, handing each waiting upgrade to `refuse` (on drain). */
  clear(refuse: (upgrade: WaitingUpgrade) => void): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const waiting = [...this.#waiting]
    this.#waiting.clear()
    for (const upgrade of waiting) refuse(upgrade)
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiting.size === 0) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#admitWaiting()
    }, Math.max(1, this.#bucket.msUntil(1)))
  }

  #admitWaiting(): void {
    for (const upgrade of this.#waiting) {
      if (!this.#bucket.take(1)) break
      this.#waiting.delete(upgrade)
      upgrade.admit()
    }
    this.#schedule()
  }
}

/** Retry-After seconds: `base` to twice `base`, so refused clients do not return together. */
export function jitteredRetryAfter(base: number): number {
  return base + Math.floor(Math.random() * (base + 1))
}

/** 503 (the relay is busy) or 429 (this address has too many connections), with Retry-After. */
export function refuseUpgrade(socket: Duplex, status: 503 | 429, retryAfterSeconds: number): void {
  const body = status === 503 ? 'relay busy, retry later.\r\n' : 'too many connections from this address.\r\n'
  socket.on('error', () => {}) // the client may already be gone
  socket.end(
    `HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Too Many Requests'}\r\n` +
      `Retry-After: ${retryAfterSeconds}\r\n` +
      'Content-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
