// One relay connection at a time, replaced after every loss: opens a socket through the app's
// factory, waits for Hello, hands decoded frames to its owner, and reconnects. It knows nothing
// about rooms (see relay-client.ts). When a relay restarts, every client it had comes back at
// once, so the delay before reconnecting is what keeps a restart from becoming a storm:
// - capped exponential backoff with ±30% jitter, reset only by a connection that stayed up
//   (a relay that drops clients right after Hello is not hammered);
// - 1012 (service restart: the relay is draining, and already spread its closes over a window):
//   reconnect soon, to whichever node the address now leads to;
// - 1013 (try again later: full, or this client fell behind) and a refused upgrade (503/429):
//   wait at least what the relay asked (Retry-After, readable where the socket exposes the
//   HTTP answer, as Node's `ws` does; browsers see only a failed connection).

import { CloseCode, decodeFrame, encodeFrame, FrameType, PROTOCOL_VERSION, type Frame } from '@clientful/relay-protocol'
import { errorMessage } from '../util/errors.ts'
import type { RelayErrorCode, RelayStatus } from './relay-events.ts'
import { WEBSOCKET_OPEN } from './websocket-like.ts'
import type { WebSocketFactory, WebSocketLike } from '../api/websocket-like.ts'

export interface ReconnectingSocketOptions {
  readonly url: string
  readonly connect: WebSocketFactory
  /**
   * Reconnect delays: base × 2^attempt, capped, ±30%. Defaults 250 ms, 30 s; a connection that
   * stays open `stableMs` (default 5 s) resets the attempt count.
   */
  readonly backoff?: { readonly baseMs?: number; readonly capMs?: number; readonly stableMs?: number }
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

const DEFAULT_BASE_MS = 250
const DEFAULT_CAP_MS = 30_000
/** Only a connection that lasted resets the backoff, so a relay that drops clients right after Hello is not hammered. */
const DEFAULT_STABLE_MS = 5_000
/** The least wait after 1013 "try again later" when the relay gives no Retry-After. */
const TRY_AGAIN_LATER_MS = 5_000
/** A Retry-After beyond this is taken as this: a hostile relay must not park clients for days. */
const MAX_RETRY_AFTER_MS = 5 * 60_000
const JITTER = 0.3

/** min(cap, base × 2^attempt), ±30%: spread enough that clients dropped together return apart. */
export function reconnectDelay(attempt: number, baseMs = DEFAULT_BASE_MS, capMs = DEFAULT_CAP_MS, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling * (1 - JITTER + 2 * JITTER * random()))
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | readonly string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim()
  if (!value) return undefined
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : undefined
}

/** A refused upgrade, as far as the socket lets us see it. */
interface UpgradeRefusal {
  readonly status: number
  readonly retryAfterMs: number | undefined
}

/** Node's `ws` reports a non-101 answer as 'unexpected-response'; the browser's WebSocket hides it. */
type HttpResponseLike = { readonly statusCode?: number; readonly headers: Readonly<Record<string, string | string[] | undefined>> }
type UpgradeResponseSource = { on(event: 'unexpected-response', listener: (request: unknown, response: HttpResponseLike) => void): unknown }

function exposesUpgradeResponses(socket: WebSocketLike): socket is WebSocketLike & UpgradeResponseSource {
  return typeof (socket as Partial<UpgradeResponseSource>).on === 'function'
}

export class ReconnectingSocket {
  readonly #options: ReconnectingSocketOptions
  readonly #handlers: ReconnectingSocketHandlers
  #socket: WebSocketLike | undefined
  #nonce: Uint8Array | undefined
  /** Bumped per connection, so late events of an old socket are ignored. */
  #generation = 0
  #attempt = 0
  #openedAt: number | undefined
  /** The current attempt's refused upgrade, if the socket showed one. */
  #refusal: UpgradeRefusal | undefined
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
    this.#refusal = undefined
    if (exposesUpgradeResponses(socket)) {
      socket.on('unexpected-response', (_request, response) => {
        if (generation !== this.#generation) return
        this.#refusal = { status: response.statusCode ?? 0, retryAfterMs: retryAfterMs(response.headers['retry-after']) }
        // With a listener, ws leaves the failed handshake to us: closing aborts it (close 1006 follows).
        try {
          socket.close()
        } catch {
          // already closing
        }
      })
    }
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
    const { baseMs, capMs, stableMs = DEFAULT_STABLE_MS } = this.#options.backoff ?? {}
    if (this.#openedAt !== undefined && Date.now() - this.#openedAt >= stableMs) this.#attempt = 0
    this.#openedAt = undefined
    const refusal = this.#refusal
    this.#refusal = undefined
    this.#handlers.onLost()

    let reconnectInMs: number
    if (code === CloseCode.ServiceRestart) {
      // The relay is draining and already spread its closes: come back soon, without escalating.
      reconnectInMs = reconnectDelay(0, baseMs, capMs)
    } else {
      const backoff = reconnectDelay(this.#attempt++, baseMs, capMs)
      const asked = refusal ? refusal.retryAfterMs : code === CloseCode.TryAgainLater ? TRY_AGAIN_LATER_MS : undefined
      // Never earlier than the relay asked; up to 30% later, so those it refused together do not return together.
      reconnectInMs = asked === undefined ? backoff : Math.max(backoff, Math.round(asked * (1 + JITTER * Math.random())))
    }
    if (refusal) reason = `upgrade refused: HTTP ${refusal.status}`
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
