// The conformance suite of the relay transport seam (relay/websocket-like.ts): a
// WebSocketFactory — the browser's WebSocket, `ws` in Node, or an app's own — against a real
// echo server (clientful/testing/node startEchoServer: binary messages come back as sent; the
// text "close:<code>:<reason>" makes the server close). Runner-agnostic, as the other suites:
//
//   for (const c of relayTransportConformanceCases()) it(c.name, () => c.run(subject))

import { WEBSOCKET_OPEN } from '../relay/websocket-like.ts'
import type { WebSocketFactory, WebSocketLike } from '../api/websocket-like.ts'
import { check, checkBytes, patternBytes } from './storage-conformance-checks.ts'

export interface RelayTransportSubject {
  readonly connect: WebSocketFactory
  /** ws:// URL of the echo server. */
  readonly echoUrl: string
  /** ws:// URL where nothing accepts connections. */
  readonly refusedUrl: string
}

export interface RelayTransportConformanceCase {
  readonly name: string
  readonly run: (subject: RelayTransportSubject) => Promise<void>
}

interface OpenSocket {
  readonly socket: WebSocketLike
  /** The next message, as bytes (ArrayBuffer or a view, as the relay client accepts). */
  next(): Promise<Uint8Array>
  readonly closed: Promise<{ code: number; reason: string }>
}

function asBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  throw new Error(`a binary message arrived as ${Object.prototype.toString.call(data)}, not an ArrayBuffer or a view`)
}

/** Opens a socket the way the relay client does, and resolves once it is open. */
function open(connect: WebSocketFactory, url: string): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url)
    socket.binaryType = 'arraybuffer'
    const queue: Uint8Array[] = []
    const waiting: ((bytes: Uint8Array) => void)[] = []
    let closedWith: ((value: { code: number; reason: string }) => void) | undefined
    const closed = new Promise<{ code: number; reason: string }>((r) => (closedWith = r))
    socket.onmessage = (event) => {
      const bytes = new Uint8Array(asBytes(event.data)) // a copy: the buffer may be reused
      const waiter = waiting.shift()
      if (waiter) waiter(bytes)
      else queue.push(bytes)
    }
    socket.onerror = () => {}
    socket.onclose = (event) => {
      closedWith!({ code: event.code, reason: event.reason })
      reject(new Error(`closed before opening (${event.code})`))
    }
    socket.onopen = () =>
      resolve({
        socket,
        closed,
        next: () => new Promise((r) => (queue.length > 0 ? r(queue.shift()!) : waiting.push(r))),
      })
  })
}

const cases: Record<string, (subject: RelayTransportSubject) => Promise<void>> = {
  'opens, reports OPEN, and a binary message comes back byte for byte': async ({ connect, echoUrl }) => {
    const { socket, next } = await open(connect, echoUrl)
    check(socket.readyState === WEBSOCKET_OPEN, `readyState must be ${WEBSOCKET_OPEN} (OPEN) once open, got ${socket.readyState}`)
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    socket.send(all)
    checkBytes(await next(), all, 'every byte value')
    socket.close()
  },

  'a 1 MiB message and a burst of small ones arrive whole and in order': async ({ connect, echoUrl }) => {
    const { socket, next } = await open(connect, echoUrl)
    const big = patternBytes(1024 * 1024, 11) as Uint8Array<ArrayBuffer>
    socket.send(big)
    for (let i = 0; i < 50; i++) socket.send(new Uint8Array([i, 255 - i]))
    checkBytes(await next(), big, 'the 1 MiB message')
    for (let i = 0; i < 50; i++) checkBytes(await next(), new Uint8Array([i, 255 - i]), `small message ${i}`)
    socket.close()
  },

  'a close by the server reaches onclose with its code and reason': async ({ connect, echoUrl }) => {
    const { socket, closed } = await open(connect, echoUrl)
    ;(socket as unknown as { send(data: string): void }).send('close:4008:slow down')
    const { code, reason } = await closed
    check(code === 4008, `close code: expected 4008, got ${code}`)
    check(reason === 'slow down', `close reason: expected "slow down", got ${JSON.stringify(reason)}`)
  },

  'close() by the client ends in onclose': async ({ connect, echoUrl }) => {
    const { socket, closed } = await open(connect, echoUrl)
    socket.close(1000, 'done')
    const { code } = await closed
    check(code === 1000, `close code: expected 1000, got ${code}`)
  },

  'a connection nobody accepts ends in onclose, not in a throw': async ({ connect, refusedUrl }) => {
    const outcome = await open(connect, refusedUrl).then(
      () => 'opened',
      (error: Error) => error.message,
    )
    check(outcome.startsWith('closed before opening'), `a refused connection must close (got: ${outcome})`)
  },
}

export function relayTransportConformanceCases(): RelayTransportConformanceCase[] {
  return Object.entries(cases).map(([name, run]) => ({ name, run }))
}
