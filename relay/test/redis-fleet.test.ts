// Several nodes over one real redis-server: fleet-wide limits, /healthz following Redis, and
// the fan-out lag metric.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { WebSocket } from 'ws'
import { startRedis, type RunningRedis } from '../../scripts/services/redis.ts'
import { ErrorCode, FrameType } from '@clientful/relay-protocol'
import type { RelayLogEvent, RelayOptions, RelayServer } from '../src/index.ts'
import { bytes, createRoomKey, relayHarness, until, withGuard } from './helpers.ts'

let redis: RunningRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

const { relay, client, onCleanup } = relayHarness()

interface Node {
  readonly server: RelayServer
  /** Resolves at the next time the node reports `event`. */
  next(event: RelayLogEvent): Promise<void>
}

async function node(redisUrl: string, options: RelayOptions = {}): Promise<Node> {
  const waiting: Array<{ event: RelayLogEvent; wake: () => void }> = []
  const server = await relay({
    ...options,
    redisUrl,
    log: (event) => {
      for (const waiter of waiting.filter((w) => w.event === event)) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.wake()
      }
    },
  })
  return { server, next: (event) => withGuard(new Promise<void>((wake) => waiting.push({ event, wake })), `relay event ${event}`) }
}

/** The upgrade's HTTP status: 101 when admitted (and greeted), else the refusal's. */
function upgradeStatus(url: string): Promise<number> {
  const ws = new WebSocket(url)
  onCleanup(() => ws.terminate())
  return withGuard(
    new Promise((resolve, reject) => {
      ws.once('message', () => resolve(101))
      ws.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0)
        response.resume()
      })
      ws.once('error', (error) => !/Unexpected server response/.test(error.message) && reject(error))
    }),
    'the upgrade answer',
  )
}

async function health(server: RelayServer): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url.replace('ws://', 'http://') + '/healthz')
  return { status: response.status, body: await response.json() }
}

describe('/healthz with Redis', () => {
  it('answers 503 with a reason while Redis is gone, and 200 again once it is back; /livez stays 200', async () => {
    const outage = await startRedis()
    let restarted: RunningRedis | undefined
    onCleanup(() => restarted?.stop())
    const one = await node(outage.url)
    expect(await health(one.server)).toEqual({ status: 200, body: { ok: true, connections: 0, rooms: 0 } })

    const down = one.next('redis-error')
    await outage.stop()
    await down
    expect(await health(one.server)).toEqual({ status: 503, body: { ok: false, reason: 'redis unavailable', connections: 0, rooms: 0 } })
    const live = await fetch(one.server.url.replace('ws://', 'http://') + '/livez')
    expect(live.status).toBe(200)
    expect(await one.server.metrics()).toContain('clientful_relay_redis_up 0')

    const back = one.next('redis-ready')
    restarted = await startRedis({ port: outage.port })
    await back
    expect(await health(one.server)).toEqual({ status: 200, body: { ok: true, connections: 0, rooms: 0 } })
    expect(await one.server.metrics()).toContain('clientful_relay_redis_up 1')
  })

  it('answers 503 from the start when Redis was never reachable', async () => {
    const gone = await startRedis()
    await gone.stop()
    const lonely = await node(gone.url)
    expect((await health(lonely.server)).body).toMatchObject({ ok: false, reason: 'redis unavailable' })
  })
})

describe('limits across the fleet', () => {
  it('counts connections per address across nodes, and frees the count when one closes', async () => {
    const fresh = await startRedis() // its own counts: other tests connect from 127.0.0.1 too
    onCleanup(() => fresh.stop())
    const [one, two] = [await node(fresh.url, { maxConnectionsPerIp: 2 }), await node(fresh.url, { maxConnectionsPerIp: 2 })]
    const first = await client(one.server)
    await client(two.server)
    expect(await upgradeStatus(two.server.url)).toBe(429)
    expect(await upgradeStatus(one.server.url)).toBe(429)
    first.close()
    await first.closed
    let status = 0
    while (status !== 101) status = await upgradeStatus(two.server.url) // each try is a real round trip
  })

  it('counts the members of a room across nodes', async () => {
    const [one, two] = [await node(redis.url, { maxConnectionsPerRoom: 2 }), await node(redis.url, { maxConnectionsPerRoom: 2 })]
    const key = await createRoomKey()
    const [a, b, c] = [await client(one.server), await client(two.server), await client(two.server)]
    expect((await a.join(key)).type).toBe(FrameType.Joined)
    expect((await b.join(key)).type).toBe(FrameType.Joined)
    expect(await c.join(key)).toMatchObject({ type: FrameType.Error, code: ErrorCode.RoomFull })
    await a.send({ type: FrameType.Leave, room: key.room })
    await a.barrier()
    expect((await c.join(key)).type).toBe(FrameType.Joined)
  })

  it('after a Redis restart, the nodes write their counts again and the fleet limit holds', async () => {
    const outage = await startRedis()
    let restarted: RunningRedis | undefined
    onCleanup(() => restarted?.stop())
    const [one, two] = [await node(outage.url, { maxConnectionsPerIp: 2 }), await node(outage.url, { maxConnectionsPerIp: 2 })]
    await client(one.server)
    await client(one.server)
    const down = [one.next('redis-error'), two.next('redis-error')]
    await outage.stop()
    await Promise.all(down)
    const back = [one.next('redis-ready'), two.next('redis-ready')]
    restarted = await startRedis({ port: outage.port }) // empty: it knows no counts
    await Promise.all(back)
    // Wait (Redis round trip by round trip) until node one has re-written its two connections…
    const probe = new Redis(restarted.url)
    onCleanup(() => probe.disconnect())
    const fleetShares = async (): Promise<number> => {
      const keys = await probe.keys('clientful:relay:count:*')
      const shares = await Promise.all(keys.map((k) => probe.hvals(k)))
      return Math.max(0, ...shares.map((values) => values.reduce((sum, v) => sum + Number(v), 0)))
    }
    let shares = 0
    await until(() => shares === 2, async () => (shares = await fleetShares()), 'the counts to be re-written')
    // …then node two, with none of its own, refuses a third connection from that address.
    expect(await upgradeStatus(two.server.url)).toBe(429)
  })

  it('while Redis is down, still holds each limit per node', async () => {
    const gone = await startRedis()
    await gone.stop()
    const lonely = await node(gone.url, { maxConnectionsPerIp: 1 })
    await client(lonely.server)
    expect(await upgradeStatus(lonely.server.url)).toBe(429)
  })
})

describe('fan-out lag', () => {
  it('is measured from publish on one node to delivery on another', async () => {
    const [one, two] = [await node(redis.url), await node(redis.url)]
    const key = await createRoomKey()
    const [a, b] = [await client(one.server), await client(two.server)]
    await a.join(key)
    await b.join(key)
    for (let i = 0; i < 3; i++) {
      await a.publish(key.room, bytes(`frame ${i}`))
      await b.next(FrameType.Deliver)
    }
    const text = await two.server.metrics()
    expect(text).toMatch(/^clientful_relay_redis_fanout_lag_seconds_count 3$/m)
    const sum = Number(/^clientful_relay_redis_fanout_lag_seconds_sum (\S+)$/m.exec(text)?.[1])
    expect(sum).toBeGreaterThanOrEqual(0)
    expect(sum).toBeLessThan(3 * 1) // loopback: far below a second each
    expect(await one.server.metrics()).toMatch(/^clientful_relay_redis_published_total 3$/m)
  })
})
