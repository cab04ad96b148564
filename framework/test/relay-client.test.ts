// The framework's relay client against a real relay (and a hostile fake one) over real sockets.

import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createServer } from 'node:http'
import { CloseCode, encodeFrame, FrameType, PROTOCOL_VERSION, ROOM_BYTES } from '@clientful/relay-protocol'
import { startRelay, type RunningRelay } from '../../scripts/services/relay.ts'
import { generateKeyPair, sign } from '../src/crypto/keys.ts'
import { bytesEqual } from '../src/util/bytes.ts'
import { reconnectDelay, retryAfterMs } from '../src/relay/reconnecting-socket.ts'
import { RelayClient, type SignJoin } from '../src/relay/relay-client.ts'
import type { RelayClientEvents, RelayStatus } from '../src/relay/relay-events.ts'
import type { WebSocketFactory } from '../src/relay/websocket-like.ts'

const GUARD_MS = 10_000
const connectWs: WebSocketFactory = (url) => new WebSocket(url)
// Compile-time check: the browser's WebSocket fits the same factory type.
export const browserFactory: WebSocketFactory = (url) => new globalThis.WebSocket(url)

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function roomKey(): Promise<{ room: Uint8Array; signJoin: SignJoin }> {
  const pair = await generateKeyPair('Ed25519', false)
  return { room: pair.publicKey, signJoin: (challenge) => sign(pair.privateKey, challenge) }
}

function client(url: string): RelayClient {
  const c = new RelayClient({ url, connect: connectWs, backoff: { baseMs: 10, capMs: 100 } })
  cleanup.push(() => c.close())
  return c
}

async function relay(port?: number, options: Parameters<typeof startRelay>[0] = {}): Promise<RunningRelay> {
  const r = await startRelay(port === undefined ? options : { ...options, port })
  cleanup.push(() => r.close())
  return r
}

/** The next `event` that passes `filter`; the timeout is only a failure guard. */
function waitFor<K extends keyof RelayClientEvents>(
  c: RelayClient,
  event: K,
  filter: (payload: RelayClientEvents[K]) => boolean = () => true,
): Promise<RelayClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`timed out waiting for ${String(event)}`))
    }, GUARD_MS)
    const off = c.on(event, (payload) => {
      if (!filter(payload)) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

async function joinAndWait(c: RelayClient, key: { room: Uint8Array; signJoin: SignJoin }): Promise<void> {
  const joined = waitFor(c, 'joined', (room) => bytesEqual(room, key.room))
  c.join(key.room, key.signJoin)
  await joined
}

const text = (payload: Uint8Array): string => new TextDecoder().decode(payload)
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value)

describe('RelayClient', () => {
  it('joins a room, publishes and receives', async () => {
    const r = await relay()
    const key = await roomKey()
    const [alice, bob] = [client(r.url), client(r.url)]
    const joined = Promise.all([waitFor(alice, 'joined'), waitFor(bob, 'joined')])
    expect(alice.publish(key.room, bytes('too early'))).toBe(false)
    alice.join(key.room, key.signJoin)
    bob.join(key.room, key.signJoin)
    const [room] = await joined
    expect(room).toEqual(key.room)
    expect(alice.state).toBe('open')

    const received = waitFor(bob, 'message')
    expect(alice.publish(key.room, bytes('hi bob'))).toBe(true)
    const message = await received
    expect(message.room).toEqual(key.room)
    expect(text(message.payload)).toBe('hi bob')
  })

  it('reports a refused join as an error event', async () => {
    const r = await relay()
    const [key, other] = [await roomKey(), await roomKey()]
    const alice = client(r.url)
    const refused = waitFor(alice, 'error')
    alice.join(key.room, other.signJoin) // signs with the wrong key
    expect(await refused).toMatchObject({ code: 'join-refused', room: key.room })
    expect(alice.isJoined(key.room)).toBe(false)
  })

  it('reconnects after the relay restarts on the same port and joins its rooms again', async () => {
    const first = await relay()
    const key = await roomKey()
    const [alice, bob] = [client(first.url), client(first.url)]
    const joinedOnce = Promise.all([waitFor(alice, 'joined'), waitFor(bob, 'joined')])
    alice.join(key.room, key.signJoin)
    bob.join(key.room, key.signJoin)
    await joinedOnce

    const closed = waitFor(alice, 'status', (s) => s.state === 'closed')
    await first.close()
    const status = await closed
    expect(status.state === 'closed' && status.reconnectInMs).toBeTypeOf('number')
    expect(alice.publish(key.room, bytes('while down'))).toBe(false)

    const joinedAgain = Promise.all([waitFor(alice, 'joined'), waitFor(bob, 'joined')])
    await relay(first.port)
    await joinedAgain
    const received = waitFor(alice, 'message')
    expect(bob.publish(key.room, bytes('back again'))).toBe(true)
    expect(text((await received).payload)).toBe('back again')
  })

  it('emits nothing for a room after leave()', async () => {
    const r = await relay()
    const [quiet, busy] = [await roomKey(), await roomKey()]
    const [alice, bob] = [client(r.url), client(r.url)]
    for (const c of [alice, bob]) {
      await joinAndWait(c, quiet)
      await joinAndWait(c, busy)
    }
    const messages: string[] = []
    alice.on('message', ({ payload }) => messages.push(text(payload)))
    alice.leave(quiet.room)
    expect(alice.isJoined(quiet.room)).toBe(false)
    // Even if the relay forwards "quiet" before it handles the Leave, the client drops it.
    const busyArrived = waitFor(alice, 'message', (m) => text(m.payload) === 'busy')
    bob.publish(quiet.room, bytes('quiet'))
    bob.publish(busy.room, bytes('busy'))
    await busyArrived
    expect(messages).toEqual(['busy'])
  })

  it('throws on misuse at the boundary', () => {
    const alice = client('ws://127.0.0.1:1')
    expect(() => alice.join(new Uint8Array(31), async () => new Uint8Array(64))).toThrow(/room must be/)
    expect(() => new RelayClient({ url: 'http://x', connect: connectWs })).toThrow(/url must be/)
  })
})

describe('RelayClient against a hostile relay', () => {
  /** A fake relay: runs `script` for each connection, with the connection's index. */
  async function fakeRelay(script: (socket: WebSocket, index: number) => void): Promise<string> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => wss.once('listening', resolve))
    let index = 0
    wss.on('connection', (socket) => script(socket, index++))
    cleanup.push(() => {
      for (const socket of wss.clients) socket.terminate()
      return new Promise((resolve) => wss.close(resolve))
    })
    const address = wss.address()
    if (typeof address !== 'object' || address === null) throw new Error('unexpected address')
    return `ws://127.0.0.1:${address.port}`
  }

  const hello = (version = PROTOCOL_VERSION): Uint8Array =>
    encodeFrame({ type: FrameType.Hello, version, nonce: new Uint8Array(32).fill(3) })

  it('ignores garbage frames and keeps working', async () => {
    const key = await roomKey()
    const otherRoom = new Uint8Array(ROOM_BYTES).fill(0xab)
    const url = await fakeRelay((socket) => {
      const garbage: Array<string | Uint8Array> = [
        'text is not a frame',
        new Uint8Array(0),
        new Uint8Array([0xff, 1, 2]),
        new Uint8Array([FrameType.Hello, 1, 2]), // truncated
        encodeFrame({ type: FrameType.Deliver, room: otherRoom, payload: bytes('not joined') }),
        encodeFrame({ type: FrameType.Joined, room: otherRoom }), // never asked for
        new Uint8Array([FrameType.Error, 9, ...otherRoom, 0xc3, 0x28]), // invalid UTF-8
        encodeFrame({ type: FrameType.Publish, room: otherRoom, payload: bytes('wrong direction') }),
        crypto.getRandomValues(new Uint8Array(4096)),
      ]
      for (const frame of garbage) socket.send(frame)
      socket.send(hello())
      socket.send(hello()) // a second Hello is ignored
      socket.on('message', (data: Buffer) => {
        if (data[0] !== FrameType.Join) return
        socket.send(encodeFrame({ type: FrameType.Joined, room: key.room }))
        socket.send(encodeFrame({ type: FrameType.Error, code: 200, room: key.room, detail: 'a code from the future' }))
        socket.send(encodeFrame({ type: FrameType.Deliver, room: key.room, payload: bytes('real') }))
      })
    })
    const alice = client(url)
    const errors: string[] = []
    alice.on('error', (error) => errors.push(error.code))
    const received = waitFor(alice, 'message')
    alice.join(key.room, key.signJoin)
    expect(text((await received).payload)).toBe('real')
    expect(errors).toContain('bad-server-frame')
    expect(errors).toContain('unknown')
    expect(alice.state).toBe('open')
  })

  it('drops a relay speaking another protocol version and retries', async () => {
    const key = await roomKey()
    const url = await fakeRelay((socket, index) => {
      socket.send(hello(index === 0 ? PROTOCOL_VERSION + 1 : PROTOCOL_VERSION))
      socket.on('message', (data: Buffer) => {
        if (data[0] === FrameType.Join) socket.send(encodeFrame({ type: FrameType.Joined, room: key.room }))
      })
    })
    const alice = client(url)
    const versionError = waitFor(alice, 'error', (e) => e.code === 'protocol-version')
    const joined = waitFor(alice, 'joined')
    alice.join(key.room, key.signJoin)
    await versionError
    expect(await joined).toEqual(key.room)
  })

  it('gives up on a relay that never says Hello', async () => {
    const url = await fakeRelay(() => {})
    const alice = new RelayClient({ url, connect: connectWs, helloTimeoutMs: 50, backoff: { baseMs: 10, capMs: 20 } })
    cleanup.push(() => alice.close())
    const timedOut = waitFor(alice, 'error', (e) => e.code === 'hello-timeout')
    const reconnecting = waitFor(alice, 'status', (s) => s.state === 'connecting' && s.attempt > 0)
    await timedOut
    await reconnecting
  })
})

type Closed = Extract<RelayStatus, { state: 'closed' }>

/** Collects the client's 'closed' statuses; `next(n)` resolves once n have come. */
function closedStatuses(c: RelayClient): { readonly all: Closed[]; upTo(count: number): Promise<Closed[]> } {
  const all: Closed[] = []
  const waiters: Array<() => void> = []
  c.on('status', (status) => {
    if (status.state !== 'closed') return
    all.push(status)
    for (const wake of waiters.splice(0)) wake()
  })
  return {
    all,
    upTo: async (count) => {
      const guard = setTimeout(() => waiters.forEach((wake) => wake()), GUARD_MS)
      try {
        while (all.length < count) {
          const before = all.length
          await new Promise<void>((wake) => waiters.push(wake))
          if (all.length === before) throw new Error(`timed out waiting for ${count} closes, got ${before}`)
        }
        return all.slice(0, count)
      } finally {
        clearTimeout(guard)
      }
    },
  }
}

describe('reconnecting without a storm', () => {
  it('backs off exponentially up to a cap, ±30%', () => {
    for (const [attempt, ceiling] of [[0, 100], [1, 200], [3, 800], [10, 5_000], [40, 5_000]] as const) {
      expect(reconnectDelay(attempt, 100, 5_000, () => 0)).toBe(Math.round(ceiling * 0.7))
      expect(reconnectDelay(attempt, 100, 5_000, () => 1)).toBe(Math.round(ceiling * 1.3))
      expect(reconnectDelay(attempt, 100, 5_000, () => 0.5)).toBe(ceiling)
    }
  })

  it('reads Retry-After as seconds or an HTTP date, and caps what a hostile relay may ask', () => {
    expect(retryAfterMs('7')).toBe(7_000)
    expect(retryAfterMs(new Date(1_000_000 + 3_000).toUTCString(), 1_000_000)).toBe(3_000)
    expect(retryAfterMs('999999999')).toBe(5 * 60_000)
    expect(retryAfterMs('soon')).toBeUndefined()
    expect(retryAfterMs(undefined)).toBeUndefined()
  })

  async function fakeRelay(script: (socket: WebSocket, index: number) => void): Promise<string> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    await new Promise((resolve) => wss.once('listening', resolve))
    let index = 0
    wss.on('connection', (socket) => script(socket, index++))
    cleanup.push(() => {
      for (const socket of wss.clients) socket.terminate()
      return new Promise((resolve) => wss.close(resolve))
    })
    const address = wss.address()
    if (typeof address !== 'object' || address === null) throw new Error('unexpected address')
    return `ws://127.0.0.1:${address.port}`
  }

  const hello = encodeFrame({ type: FrameType.Hello, version: PROTOCOL_VERSION, nonce: new Uint8Array(32).fill(3) })

  it('does not reset the backoff for connections that drop right after Hello, and does for ones that last', async () => {
    const url = await fakeRelay((socket) => {
      socket.send(hello)
      socket.close(4000, 'bye')
    })
    const brief = new RelayClient({ url, connect: connectWs, backoff: { baseMs: 10, capMs: 10_000, stableMs: 60_000 } })
    cleanup.push(() => brief.close())
    const briefCloses = await closedStatuses(brief).upTo(4)
    // Attempt n waits 10 × 2^n ± 30%: each ceiling at least doubles, so 0.7 × 2 > 1.3 keeps them apart.
    briefCloses.forEach((status, n) => expect(status.reconnectInMs).toBeGreaterThanOrEqual(Math.round(10 * 2 ** n * 0.7)))
    briefCloses.forEach((status, n) => expect(status.reconnectInMs).toBeLessThanOrEqual(Math.round(10 * 2 ** n * 1.3)))

    const lasting = new RelayClient({ url, connect: connectWs, backoff: { baseMs: 10, capMs: 10_000, stableMs: 0 } })
    cleanup.push(() => lasting.close())
    for (const status of await closedStatuses(lasting).upTo(4)) expect(status.reconnectInMs).toBeLessThanOrEqual(13)
  })

  it('comes back soon after 1012 (a relay draining), however far the backoff had grown', async () => {
    const url = await fakeRelay((socket, index) => {
      socket.send(hello)
      socket.close(index < 4 ? 4000 : CloseCode.ServiceRestart, index < 4 ? 'bye' : 'relay restarting: reconnect')
    })
    const alice = new RelayClient({ url, connect: connectWs, backoff: { baseMs: 10, capMs: 10_000, stableMs: 60_000 } })
    cleanup.push(() => alice.close())
    const closes = await closedStatuses(alice).upTo(5)
    expect(closes[3]!.reconnectInMs).toBeGreaterThanOrEqual(56) // 80 - 30%
    expect(closes[4]).toMatchObject({ code: CloseCode.ServiceRestart })
    expect(closes[4]!.reconnectInMs).toBeLessThanOrEqual(13)
  })

  it('waits at least 5 s after 1013 (try again later)', async () => {
    const url = await fakeRelay((socket) => {
      socket.send(hello)
      socket.close(CloseCode.TryAgainLater, 'too slow')
    })
    const alice = new RelayClient({ url, connect: connectWs, backoff: { baseMs: 10, capMs: 100 } })
    cleanup.push(() => alice.close())
    const [closed] = await closedStatuses(alice).upTo(1)
    expect(closed).toMatchObject({ code: CloseCode.TryAgainLater })
    expect(closed!.reconnectInMs).toBeGreaterThanOrEqual(5_000)
    expect(closed!.reconnectInMs).toBeLessThanOrEqual(6_500)
  })

  it("honours a refused upgrade's Retry-After (a real relay at its connection limit)", async () => {
    const r = await relay(undefined, { maxConnections: 1, retryAfterSeconds: 5 })
    const first = client(r.url)
    await waitFor(first, 'status', (s) => s.state === 'open')
    const second = new RelayClient({ url: r.url, connect: connectWs, backoff: { baseMs: 10, capMs: 100 } })
    cleanup.push(() => second.close())
    const [refused] = await closedStatuses(second).upTo(1)
    expect(refused!.reason).toBe('upgrade refused: HTTP 503')
    // The relay asked for 5-10 s; the client adds up to 30% on top.
    expect(refused!.reconnectInMs).toBeGreaterThanOrEqual(5_000)
    expect(refused!.reconnectInMs).toBeLessThanOrEqual(13_000)
  })

  it('falls back to its backoff when a refusal carries no Retry-After', async () => {
    const plain = createServer((_request, response) => response.end())
    plain.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'))
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => plain.close(resolve)))
    const address = plain.address()
    if (typeof address !== 'object' || address === null) throw new Error('unexpected address')
    const alice = new RelayClient({ url: `ws://127.0.0.1:${address.port}`, connect: connectWs, backoff: { baseMs: 10, capMs: 100 } })
    cleanup.push(() => alice.close())
    const closes = await closedStatuses(alice).upTo(2)
    expect(closes[0]!.reason).toBe('upgrade refused: HTTP 503')
    expect(closes.every((c) => c.reconnectInMs !== undefined && c.reconnectInMs <= 26)).toBe(true)
  })

  it('after a drain, rejoins its rooms on the relay that took over the address', async () => {
    const first = await relay(undefined, { drainMs: 50 })
    const key = await roomKey()
    const [alice, bob] = [client(first.url), client(first.url)]
    await joinAndWait(alice, key)
    await joinAndWait(bob, key)

    const told = waitFor(alice, 'status', (s) => s.state === 'closed')
    const joinedAgain = Promise.all([waitFor(alice, 'joined'), waitFor(bob, 'joined')])
    const drained = first.server.drain()
    expect(await told).toMatchObject({ code: CloseCode.ServiceRestart })
    await drained
    await relay(first.port)
    await joinedAgain
    const received = waitFor(alice, 'message')
    expect(bob.publish(key.room, bytes('after the drain'))).toBe(true)
    expect(text((await received).payload)).toBe('after the drain')
  })
})
