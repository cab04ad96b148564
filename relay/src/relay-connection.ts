// One client connection: its nonce, its rooms, its rate limits, and the only way the relay
// writes to it. Writing checks the receiver's backlog first, so a reader that cannot keep
// up is closed (1013) instead of growing the relay's memory.

import { WebSocket } from 'ws'
import { CloseCode, encodeFrame, FrameType, ROOM_BYTES, type ErrorCode } from '@clientful/relay-protocol'
import type { RelayContext } from './relay-context.ts'
import { TokenBucket } from './token-bucket.ts'

/** After a close frame, how long a peer gets to answer before the socket is destroyed. */
const CLOSE_GRACE_MS = 2_000
const NO_ROOM = new Uint8Array(ROOM_BYTES)

export type FrameAdmission = 'ok' | 'limited' | 'abusive'

/** The fleet counter's key for a room's members. */
export function roomSeatKey(roomHex: string): string {
  return `room:${roomHex}`
}

export class RelayConnection {
  readonly ws: WebSocket
  readonly nonce: Uint8Array<ArrayBuffer>
  /** Rooms joined, as hex. */
  readonly rooms = new Set<string>()
  /** Joins whose signature is still being verified; a Leave cancels by removing the entry. */
  readonly pendingJoins = new Map<string, symbol>()
  /** Cleared on each heartbeat ping, set again by a pong or any message. */
  alive = true
  /** The close code the relay sent, when it was the one to close (reported in metrics). */
  sentCloseCode: number | undefined
  readonly #ctx: RelayContext
  readonly #messages: TokenBucket
  readonly #bytes: TokenBucket
  readonly #strikes: TokenBucket
  #badFrames = 0
  #closing = false

  constructor(ws: WebSocket, nonce: Uint8Array<ArrayBuffer>, ctx: RelayContext) {
    const o = ctx.options
    this.ws = ws
    this.nonce = nonce
    this.#ctx = ctx
    this.#messages = new TokenBucket(o.messageBurst, o.messagesPerSecond)
    this.#bytes = new TokenBucket(o.byteBurst, o.bytesPerSecond)
    this.#strikes = new TokenBucket(o.maxRateLimitStrikes, 1)
  }

  get isOpen(): boolean {
    return !this.#closing && this.ws.readyState === WebSocket.OPEN
  }

  /** Charges one incoming frame to the rate limits. */
  admitFrame(byteLength: number): FrameAdmission {
    if (this.#messages.take(1) && this.#bytes.take(byteLength)) return 'ok'
    return this.#strikes.take(1) ? 'limited' : 'abusive'
  }

  /** Counts a malformed frame; true once the connection has sent too many. */
  noteBadFrame(): boolean {
    this.#badFrames += 1
    return this.#badFrames > this.#ctx.options.maxBadFrames
  }

  send(frame: Uint8Array): boolean {
    if (!this.isOpen) return false
    const counters = this.#ctx.counters
    if (this.ws.bufferedAmount > this.#ctx.options.maxBufferedBytes) {
      counters.slowConsumersClosed += 1
      counters.drops.slow_consumer += 1
      this.#ctx.report('slow-consumer', { slowConsumersClosed: counters.slowConsumersClosed, bufferedBytes: this.ws.bufferedAmount })
      this.closeWith(CloseCode.TryAgainLater, 'too slow: reconnect and catch up from storage')
      return false
    }
    this.ws.send(frame)
    counters.framesSent += 1
    counters.bytesSent += frame.length
    return true
  }

  sendError(code: ErrorCode, room: Uint8Array | undefined, detail: string): void {
    this.send(encodeFrame({ type: FrameType.Error, code, room: room ?? NO_ROOM, detail }))
  }

  /** Leaves every room at once, then closes; destroys the socket if the peer does not answer. */
  closeWith(code: number, reason: string): void {
    if (this.#closing) return
    this.#closing = true
    this.sentCloseCode = code
    this.leaveAllRooms()
    this.ws.close(code, reason)
    const timer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS)
    timer.unref()
    this.ws.once('close', () => clearTimeout(timer))
  }

  leaveRoom(roomHex: string): void {
    this.pendingJoins.delete(roomHex)
    if (!this.rooms.delete(roomHex)) return
    this.#ctx.rooms.remove(roomHex, this)
    this.#ctx.fleet.release(roomSeatKey(roomHex))
  }

  leaveAllRooms(): void {
    this.pendingJoins.clear()
    for (const roomHex of [...this.rooms]) this.leaveRoom(roomHex)
  }
}
