// A WebSocket subscriber that costs its process almost nothing per message: after setup it only
// adds up the bytes that arrive, and knows it has everything when the total reaches what the
// expected frames add up to. With 100 subscribers receiving hundreds of thousands of messages
// a second, a full client (ws parsing every frame, an event per message) would be the
// bottleneck on a 2-core machine and the bench would measure the client, not the server.
// Server-to-client frames are unmasked, so a message of n bytes (n < 126) is n + 2 on the wire.

import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

export interface CountingSubscriber {
  /** Sends one binary message (masked, as clients must). */
  send(payload: Uint8Array): void
  /** From now on counts bytes; resolves once `bytes` more have arrived. */
  expect(bytes: number): Promise<void>
  close(): void
}

/** Wire size of a server-to-client binary message of `length` bytes. */
export function frameBytes(length: number): number {
  return length + (length < 126 ? 2 : length < 65_536 ? 4 : 10)
}

/**
 * Opens a WebSocket to `url` and hands each message to `onSetupMessage` until it returns true
 * (joined, greeted); messages after that are only counted. Without `onSetupMessage`, counting
 * starts right after the handshake.
 */
export function connectCountingSubscriber(
  url: string,
  onSetupMessage?: (message: Uint8Array, sub: CountingSubscriber) => boolean,
  headers: Readonly<Record<string, string>> = {},
): Promise<CountingSubscriber> {
  const { hostname, port, pathname } = new URL(url)
  const socket: Socket = connect({ host: hostname, port: Number(port), noDelay: true })
  let buffered = Buffer.alloc(0)
  let phase: 'handshake' | 'setup' | 'counting' = 'handshake'
  let received = 0
  let target = Infinity
  let reached: () => void = () => {}

  const subscriber: CountingSubscriber = {
    send(payload) {
      const mask = randomBytes(4)
      const header = payload.length < 126 ? Buffer.from([0x82, 0x80 | payload.length]) : Buffer.from([0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
      const body = Buffer.from(payload)
      for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!
      socket.write(Buffer.concat([header, mask, body]))
    },
    expect(bytes) {
      target = received + bytes
      return new Promise((resolve) => {
        reached = resolve
        if (received >= target) resolve()
      })
    },
    close: () => socket.destroy(),
  }

  return new Promise((resolve, reject) => {
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
          Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('') +
          '\r\n',
      )
    })
    socket.on('data', (chunk: Buffer) => {
      if (phase === 'counting') {
        received += chunk.length
        if (received >= target) reached()
        return
      }
      buffered = Buffer.concat([buffered, chunk])
      if (phase === 'handshake') {
        const end = buffered.indexOf('\r\n\r\n')
        if (end < 0) return
        if (!buffered.subarray(0, 12).toString().includes('101')) return reject(new Error(`upgrade refused: ${buffered.subarray(0, end)}`))
        buffered = buffered.subarray(end + 4)
        phase = 'setup'
        if (!onSetupMessage) {
          phase = 'counting'
          received = buffered.length
          return resolve(subscriber)
        }
      }
      // Setup frames are small, whole and unmasked: [0x82][length < 126][payload].
      while (phase === 'setup' && buffered.length >= 2 && buffered.length >= 2 + (buffered[1]! & 0x7f)) {
        const length = buffered[1]! & 0x7f
        const message = new Uint8Array(buffered.subarray(2, 2 + length))
        const opcode = buffered[0]! & 0x0f
        buffered = buffered.subarray(2 + length)
        if (opcode === 0x2 && onSetupMessage?.(message, subscriber)) {
          phase = 'counting'
          received = buffered.length
          resolve(subscriber)
        }
      }
    })
  })
}
