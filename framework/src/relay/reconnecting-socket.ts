// One relay connection at a time, replaced after every loss: opens a socket through the app's
// factory, waits for Hello, hands decoded frames to its owner, and reconnects after a
// full-jitter exponential backoff. It knows nothing about rooms (see relay-client.ts).

import { decodeFrame, encodeFrame, FrameType, PROTOCOL_VERSION, type Frame } from '@clientful/relay-protocol'
import { backoffDelay } from '../util/async.ts'
import { errorMessage } from '../util/errors.ts'
import type { RelayErrorCode, RelayStatus } from './relay-events.ts'
import { WEBSOCKET_OPEN, type WebSocketFactory, type WebSocketLike } from './websocket-like.ts'

export interface ReconnectingSocketOptions {
  readonly url: string
  readonly connect: WebSocketFactory
  readonly backoff?: { readonly baseMs?: number; readonly capMs?: number }
  readonly helloTimeoutMs?: number
}

export interface ReconnectingSocketHandlers {
  /** A connection said Hello: joins can be signed over this nonce. */
  onOpen(nonce: Uint8Array): void
  /** A well-formed frame after Hello. */
  onFrame(frame: Frame): void
  /** The connection is gone; a new one follows unless close() was called. */
  onLost(): void
  onStatus(status: RelayStatus): void
  onError(code: RelayErrorCode, detail: string): void
}

/** Only a connection that lasted resets the backoff, so a relay that drops clients right after Hello is not hammered. */
const STABLE_CONNECTION_MS = 10_000

export class ReconnectingSocket {
  readonly #options: ReconnectingSocketOptions
  readonly #handlers: ReconnectingSocketHandlers
  #socket: WebSocketLike | undefined
  #nonce: Uint8Array | undefined
  /** Bumped per connection, so late events of an old socket are ignored. */
  #generation = 0
  #attempt = 0
  #openedAt: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #closed = false

  constructor(options: ReconnectingSocketOptions, handlers: ReconnectingSocketHandlers) {
    this.#options = options
    this.#handlers = handlers
    // Connect on the next tick, so listeners attached right after construction see it.
    this.#timer = setTimeout(() => this.#connect(), 0)
  }

  /** Identifies the current connection; compare before acting on the result of async work. */
  get generation(): number {
    return this.#generation
  }

  get nonce(): Uint8Array | undefined {
    return this.#nonce
  }

  send(frame: Frame): boolean {
    const socket = this.#socket
    if (!socket || !this.#nonce || socket.readyState !== WEBSOCKET_OPEN) return false
    try {
      socket.send(encodeFrame(frame))
      return true
    } catch {
      return false
    }
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#timer)
    this.#drop('closed by client')
    this.#handlers.onStatus({ state: 'closed', code: 1000, reason: 'closed by client', reconnectInMs: undefined })
  }

  #connect(): void {
    if (this.#closed) return
    const generation = ++this.#generation
    this.#handlers.onStatus({ state: 'connecting', attempt: this.#attempt })
    let socket: WebSocketLike
    try {
      socket = this.#options.connect(this.#options.url)
      socket.binaryType = 'arraybuffer'
    } catch (error) {
      return this.#lost(generation, 1006, `could not open a WebSocket: ${errorMessage(error)}`)
    }
    this.#socket = socket
    socket.onmessage = (event) => {
      if (generation !== this.#generation) return
      try {
        this.#receive(event.data)
      } catch (error) {
        // Defence in depth: hostile input must never surface as an exception.
        this.#handlers.onError('bad-server-frame', `unreadable frame: ${errorMessage(error)}`)
      }
    }
    socket.onclose = (event) => this.#lost(generation, event.code, event.reason)
    socket.onerror = () => {} // a close event always follows
    this.#timer = setTimeout(() => {
      if (generation !== this.#generation || this.#nonce) return
      this.#handlers.onError('hello-timeout', 'the relay did not greet in time')
      this.#drop('hello timeout')
      this.#lost(generation, 4000, 'hello timeout')
    }, this.#options.helloTimeoutMs ?? 15_000)
  }

  #receive(data: unknown): void {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : undefined
    const frame = bytes && decodeFrame(bytes)
    if (!frame) return this.#handlers.onError('bad-server-frame', 'not a relay frame')
    if (frame.type !== FrameType.Hello) {
      if (this.#nonce) this.#handlers.onFrame(frame)
      else this.#handlers.onError('bad-server-frame', 'a frame before Hello')
      return
    }
    if (this.#nonce) return this.#handlers.onError('bad-server-frame', 'a second Hello on one connection')
    if (frame.version !== PROTOCOL_VERSION) {
      this.#handlers.onError('protocol-version', `relay speaks protocol ${frame.version}, this client ${PROTOCOL_VERSION}`)
      this.#drop('protocol version')
      return this.#lost(this.#generation, 1002, 'protocol version')
    }
    clearTimeout(this.#timer)
    this.#nonce = frame.nonce
    this.#openedAt = Date.now()
    this.#handlers.onStatus({ state: 'open' })
    this.#handlers.onOpen(frame.nonce)
  }

  #lost(generation: number, code: number, reason: string): void {
    if (generation !== this.#generation || this.#closed) return
    this.#generation += 1 // anything still in flight for this socket is now stale
    clearTimeout(this.#timer)
    this.#socket = undefined
    this.#nonce = undefined
    if (this.#openedAt !== undefined && Date.now() - this.#openedAt >= STABLE_CONNECTION_MS) this.#attempt = 0
    this.#openedAt = undefined
    this.#handlers.onLost()
    const { baseMs, capMs } = this.#options.backoff ?? {}
    const reconnectInMs = backoffDelay(this.#attempt++, baseMs, capMs)
    this.#timer = setTimeout(() => this.#connect(), reconnectInMs)
    this.#handlers.onStatus({ state: 'closed', code, reason, reconnectInMs })
  }

  /** Closes the socket and stops listening to it. Always code 1000: browsers refuse most others. */
  #drop(reason: string): void {
    const socket = this.#socket
    if (!socket) return
    socket.onmessage = socket.onclose = socket.onopen = null
    try {
      socket.close(1000, reason)
    } catch {
      // already closing: the socket is gone either way
    }
  }
}
