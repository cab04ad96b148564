import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, ErrorCode, FrameType, ROOM_BYTES } from '@clientful/relay-protocol'
import type { RelayLogEvent, RelayOptions } from '../src/index.ts'
import { bytes, createRoomKey, relayHarness, TestClient, until, withGuard } from './helpers.ts'

const { relay, client, onCleanup } = relayHarness()

/** A relay log that resolves a promise the first time an event is reported. */
function logWatcher(): { log: RelayOptions['log'] & {}; next(event: RelayLogEvent): Promise<void> } {
  const waiting = new Map<RelayLogEvent, Array<() => void>>()
  return {
    log: (event) => {
      for (const wake of waiting.get(event)?.splice(0) ?? []) wake()
    },
    next: (event) =>
      withGuard(
        new Promise<void>((resolve) => waiting.set(event, [...(waiting.get(event) ?? []), resolve])),
        `relay log event ${event}`,
      ),
  }
}

/** Opens a raw upgrade and resolves with the HTTP refusal (or 101 when admitted). */
function upgradeStatus(url: string): Promise<{ status: number; retryAfter: string | undefined; ws: WebSocket }> {
  const ws = new WebSocket(url)
  onCleanup(() => ws.terminate())
  return withGuard(
    new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ status: 101, retryAfter: undefined, ws }))
      ws.once('unexpected-response', (_request, response) => {
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], ws })
        response.resume()
      })
      ws.once('error', (error) => {
        if (!/Unexpected server response/.test(error.message)) reject(error)
      })
    }),
    'the upgrade answer',
  )
}

describe('frame size', () => {
  it('closes a connection that sends a frame over maxFrameBytes with 1009', async () => {
    const server = await relay({ maxFrameBytes: 1024 })
    const key = await createRoomKey()
    const a = await client(server)
    await a.join(key)
    await a.publish(key.room, new Uint8Array(2048))
    expect((await withGuard(a.closed, 'close')).code).toBe(CloseCode.TooBig)
    expect(server.stats().rooms).toBe(0)
  })
})

describe('malformed frames', () => {
  it('answers BadFrame to text, unknown types, truncated and server-only frames', async () => {
    const server = await relay()
    const a = await client(server)
    const bad: Array<string | Uint8Array> = [
      'a text frame',
      new Uint8Array(0),
      new Uint8Array([0x99, 1, 2, 3]),
      new Uint8Array([FrameType.Join, 1, 2]), // truncated
      new Uint8Array(1 + ROOM_BYTES - 1).fill(FrameType.Publish), // shorter than a room
      new Uint8Array([FrameType.Hello, 1, ...new Uint8Array(32)]), // server → client only
      new Uint8Array([FrameType.Deliver, ...new Uint8Array(ROOM_BYTES)]),
    ]
    for (const frame of bad) {
      await new Promise<void>((resolve, reject) => a.ws.send(frame, (error) => (error ? reject(error) : resolve())))
      expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.BadFrame })
    }
    expect(server.stats().badFrames).toBe(bad.length)
  })

  it('closes with 1008 after more than maxBadFrames malformed frames', async () => {
    const server = await relay({ maxBadFrames: 10 })
    const a = await client(server)
    for (let i = 0; i < 11; i++) a.ws.send(new Uint8Array([0x99]))
    expect((await withGuard(a.closed, 'close')).code).toBe(CloseCode.Policy)
    expect(server.stats().policyCloses).toBe(1)
  })
})

describe('rate limits', () => {
  it('drops frames over the message rate and answers RateLimited', async () => {
    // A refill of one message per 1000 s: nothing refills during the test.
    const server = await relay({ messagesPerSecond: 0.001, messageBurst: 3 })
    const key = await createRoomKey()
    const [a, b] = [await client(server), await client(server)]
    await a.join(key) // 1
    await b.join(key)
    await a.publish(key.room, bytes('one')) // 2
    await a.publish(key.room, bytes('two')) // 3
    await a.publish(key.room, bytes('dropped')) // over
    expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.RateLimited })
    expect(server.stats().rateLimited).toBe(1)
    const received = [await b.next(FrameType.Deliver), await b.next(FrameType.Deliver)]
    expect(received.map((frame) => new TextDecoder().decode(frame.payload))).toEqual(['one', 'two'])
  })

  it('drops frames over the byte rate', async () => {
    const server = await relay({ maxFrameBytes: 1024, bytesPerSecond: 1, byteBurst: 1500 })
    const key = await createRoomKey()
    const a = await client(server)
    await a.join(key) // 97 bytes
    await a.publish(key.room, new Uint8Array(900)) // 933: still inside the burst
    await a.publish(key.room, new Uint8Array(900)) // over
    expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.RateLimited })
  })

  it('closes with 1008 when a connection keeps going past the limit', async () => {
    const server = await relay({ messagesPerSecond: 0.001, messageBurst: 1, maxRateLimitStrikes: 3 })
    const a = await client(server)
    for (let i = 0; i < 10; i++) a.ws.send(new Uint8Array([0x99]))
    expect((await withGuard(a.closed, 'close')).code).toBe(CloseCode.Policy)
  })
})

describe('admission', () => {
  it('refuses upgrades beyond maxConnections with 503 and Retry-After', async () => {
    const server = await relay({ maxConnections: 2, retryAfterSeconds: 7 })
    await client(server)
    await client(server)
    const refused = await upgradeStatus(server.url)
    expect(refused.status).toBe(503)
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(7)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(14)
    expect(server.stats()).toMatchObject({ connections: 2, upgradesRefused: 1 })
  })

  it('admits again once a connection closes', async () => {
    const server = await relay({ maxConnections: 1 })
    const a = await client(server)
    expect((await upgradeStatus(server.url)).status).toBe(503)
    a.close()
    await a.closed
    // The server notices the close a moment later; each attempt is a real round trip.
    let status = 0
    while (status !== 101) status = (await upgradeStatus(server.url)).status
    expect(status).toBe(101)
  })

  it('holds upgrades beyond the burst in a bounded queue, and refuses with 503 only beyond the queue', async () => {
    // One admission per 1000 s after a burst of 2: nothing is admitted from the queue during the test.
    const server = await relay({ connectionsPerSecond: 0.001, connectionBurst: 2, maxPendingUpgrades: 1 })
    await client(server)
    await client(server)
    const waiting = new WebSocket(server.url)
    onCleanup(() => waiting.terminate())
    waiting.on('error', () => {})
    await until(() => server.stats().pendingUpgrades === 1, () => fetch(server.url.replace('ws://', 'http://') + '/healthz'), 'the third upgrade to wait')
    const refused = await upgradeStatus(server.url)
    expect(refused.status).toBe(503)
    expect(refused.retryAfter).toMatch(/^\d+$/)
    expect(server.stats()).toMatchObject({ connections: 2, pendingUpgrades: 1, upgradesRefused: 1 })
    expect(waiting.readyState).toBe(WebSocket.CONNECTING)
  })
})

describe('slow consumers', () => {
  it('closes a receiver whose backlog exceeds maxBufferedBytes with 1013, and keeps serving the others', async () => {
    const watcher = logWatcher()
    const server = await relay({
      maxBufferedBytes: 64 * 1024,
      maxFrameBytes: 256 * 1024,
      messagesPerSecond: 1e6,
      messageBurst: 1e6,
      bytesPerSecond: 1e12,
      byteBurst: 1e12,
      log: watcher.log,
    })
    const key = await createRoomKey()
    const [sender, slow, healthy] = [await client(server), await client(server), await client(server)]
    for (const member of [sender, slow, healthy]) await member.join(key)

    slow.ws.pause() // stops reading: kernel buffers fill, then the relay's queue grows
    const closedSlow = watcher.next('slow-consumer')
    let done = false
    void closedSlow.then(() => (done = true))
    const frame = new Uint8Array(200 * 1024)
    // Publish until the relay gives up on the slow reader; the healthy one keeps reading.
    while (!done) {
      await sender.publish(key.room, frame)
      await healthy.next(FrameType.Deliver)
    }
    await closedSlow
    expect(server.stats().slowConsumersClosed).toBe(1)

    slow.ws.resume()
    expect((await withGuard(slow.closed, 'the slow consumer to see its close')).code).toBe(CloseCode.TryAgainLater)
    await sender.publish(key.room, bytes('still here'))
    expect(new TextDecoder().decode((await healthy.next(FrameType.Deliver)).payload)).toBe('still here')
  })
})

describe('heartbeat', () => {
  it('terminates a connection that stops answering pings', async () => {
    const server = await relay({ heartbeatIntervalMs: 300 })
    const dead = await TestClient.connect(server.url, { autoPong: false })
    onCleanup(() => dead.ws.terminate())
    const alive = await client(server)
    const { code } = await withGuard(dead.closed, 'the dead connection to be terminated')
    expect(code).toBe(1006) // terminated, no close frame
    expect(server.stats().heartbeatTerminations).toBe(1)
    expect(alive.ws.readyState).toBe(WebSocket.OPEN)
  })
})
