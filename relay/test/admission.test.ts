// Admission under load and the per-address limit, over real sockets.

import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { decodeFrame, ErrorCode, FrameType } from '@clientful/relay-protocol'
import { addressGroup } from '../src/client-address.ts'
import { bytes, createRoomKey, relayHarness, until, withGuard } from './helpers.ts'

const { relay, client, onCleanup } = relayHarness()

/** Opens an upgrade (optionally through a pretend proxy) and resolves with its status. */
function upgrade(url: string, forwardedFor?: string): Promise<{ status: number; retryAfter: string | undefined; ws: WebSocket }> {
  const ws = new WebSocket(url, forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } })
  onCleanup(() => ws.terminate())
  return withGuard(
    new Promise((resolve, reject) => {
      // Admitted means greeted: Hello is the relay's first frame on an accepted connection.
      ws.once('message', (data: Buffer) => {
        if (decodeFrame(new Uint8Array(data))?.type === FrameType.Hello) resolve({ status: 101, retryAfter: undefined, ws })
      })
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

describe('a reconnect storm', () => {
  it('admits 500 clients connecting at once, none refused, pacing them through the queue', async () => {
    // Each client comes from its own address (through one trusted proxy), as after a relay restart.
    // Admission slower than even a loaded machine opens sockets (250/s), so some always wait.
    const server = await relay({ trustedProxies: 1, connectionBurst: 50, connectionsPerSecond: 250, maxPendingUpgrades: 450 })
    let peakPending = 0
    const probe = setInterval(() => (peakPending = Math.max(peakPending, server.stats().pendingUpgrades)), 1)
    onCleanup(() => clearInterval(probe))
    const started = performance.now()
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => upgrade(server.url, `10.1.${i >> 8}.${i & 255}`)))
    const seconds = (performance.now() - started) / 1000
    clearInterval(probe)

    expect(answers.filter((a) => a.status !== 101)).toEqual([])
    expect(server.stats()).toMatchObject({ connections: 500, upgradesAdmitted: 500, upgradesRefused: 0 })
    // More arrived than the burst admits at once: some waited, never more than the queue holds.
    expect(peakPending).toBeGreaterThan(0)
    expect(peakPending).toBeLessThanOrEqual(450)
    expect(seconds).toBeLessThan(5)
    const waits = /clientful_relay_admission_wait_seconds_count (\d+)/.exec(await server.metrics())
    expect(Number(waits?.[1])).toBe(500)
  })
})

describe('connections per address', () => {
  it('refuses an address over maxConnectionsPerIp with 429 and Retry-After, and admits it again once one closes', async () => {
    const server = await relay({ maxConnectionsPerIp: 2, retryAfterSeconds: 3 })
    const first = await client(server)
    await client(server)
    const refused = await upgrade(server.url)
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(3)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(6)
    expect(server.stats()).toMatchObject({ connections: 2, upgradesRefused: 1 })

    first.close()
    await first.closed
    let status = 0
    while (status !== 101) status = (await upgrade(server.url)).status // each try is a real round trip
    expect(server.stats().connections).toBe(2)
  })

  it('behind a trusted proxy, counts the address the proxy saw, not what the client wrote to the left of it', async () => {
    const server = await relay({ maxConnectionsPerIp: 1, trustedProxies: 1 })
    expect((await upgrade(server.url, 'spoofed-1, 203.0.113.7')).status).toBe(101)
    expect((await upgrade(server.url, 'spoofed-2, 203.0.113.7')).status).toBe(429)
    expect((await upgrade(server.url, '203.0.113.8')).status).toBe(101)
  })

  it('without a trusted proxy, ignores X-Forwarded-For entirely', async () => {
    const server = await relay({ maxConnectionsPerIp: 1 })
    expect((await upgrade(server.url, '203.0.113.1')).status).toBe(101)
    expect((await upgrade(server.url, '203.0.113.2')).status).toBe(429)
  })

  it('counts IPv6 clients by /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressGroup('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(addressGroup('2001:0db8:0001:0002::1'))
    expect(addressGroup('2001:db8:1:2::1')).not.toBe(addressGroup('2001:db8:1:3::1'))
    expect(addressGroup('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(addressGroup('192.0.2.1')).toBe('192.0.2.1')
  })
})

describe('publishes per room', () => {
  it('drops publishes over roomMessagesPerSecond, whoever sends them, and answers RateLimited', async () => {
    const server = await relay({ roomMessagesPerSecond: 0.001, roomMessageBurst: 2 })
    const key = await createRoomKey()
    const [a, b, c] = [await client(server), await client(server), await client(server)]
    for (const member of [a, b, c]) await member.join(key)
    // Each publish is handled before the next is sent: two connections' frames race otherwise.
    await a.publish(key.room, bytes('one'))
    expect(new TextDecoder().decode((await c.next(FrameType.Deliver)).payload)).toBe('one')
    await b.publish(key.room, bytes('two'))
    expect(new TextDecoder().decode((await c.next(FrameType.Deliver)).payload)).toBe('two')
    await a.publish(key.room, bytes('three'))
    expect(await a.next(FrameType.Error)).toMatchObject({ code: ErrorCode.RateLimited, room: key.room })
    await c.barrier()
    expect(c.pending()).toEqual([])
  })

  it('does not hold one room back for another', async () => {
    const server = await relay({ roomMessagesPerSecond: 0.001, roomMessageBurst: 1 })
    const [busy, quiet] = [await createRoomKey(), await createRoomKey()]
    const [a, b] = [await client(server), await client(server)]
    for (const key of [busy, quiet]) {
      await a.join(key)
      await b.join(key)
    }
    await a.publish(busy.room, bytes('busy 1'))
    await a.publish(busy.room, bytes('busy 2'))
    await a.publish(quiet.room, bytes('quiet'))
    expect(new TextDecoder().decode((await b.next(FrameType.Deliver)).payload)).toBe('busy 1')
    expect(new TextDecoder().decode((await b.next(FrameType.Deliver)).payload)).toBe('quiet')
  })
})

describe('connections while the queue waits', () => {
  it('forgets a queued upgrade whose client gave up', async () => {
    const server = await relay({ connectionsPerSecond: 0.001, connectionBurst: 1, maxPendingUpgrades: 5 })
    await client(server)
    const quitter = new WebSocket(server.url)
    quitter.on('error', () => {})
    const health = (): Promise<unknown> => fetch(server.url.replace('ws://', 'http://') + '/healthz')
    await until(() => server.stats().pendingUpgrades === 1, health, 'the upgrade to wait')
    quitter.terminate()
    await until(() => server.stats().pendingUpgrades === 0, health, 'the queue to forget it')
  })
})

