// Several relay nodes over one real redis-server act as one relay.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type RunningRedis } from '../../scripts/services/redis.ts'
import { FrameType } from '@clientful/relay-protocol'
import type { RelayLogEvent, RelayServer } from '../src/index.ts'
import { bytes, createRoomKey, relayHarness, TestClient, text, withGuard } from './helpers.ts'

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

async function node(redisUrl: string): Promise<Node> {
  const waiting: Array<{ event: RelayLogEvent; wake: () => void }> = []
  const server = await relay({
    redisUrl,
    log: (event) => {
      for (const waiter of waiting.filter((w) => w.event === event)) {
        waiting.splice(waiting.indexOf(waiter), 1)
        waiter.wake()
      }
    },
  })
  return {
    server,
    next: (event) => withGuard(new Promise<void>((wake) => waiting.push({ event, wake })), `relay event ${event}`),
  }
}

async function deliveredText(c: TestClient): Promise<string> {
  return text((await c.next(FrameType.Deliver)).payload)
}

describe('Redis fan-out', () => {
  it('delivers across nodes in both directions', async () => {
    const [one, two] = [await node(redis.url), await node(redis.url)]
    expect(one.server.stats().fanout).toBe('ready')
    const key = await createRoomKey()
    const [a, b] = [await client(one.server), await client(two.server)]
    expect((await a.join(key)).type).toBe(FrameType.Joined)
    expect((await b.join(key)).type).toBe(FrameType.Joined)

    await a.publish(key.room, bytes('from node one'))
    expect(await deliveredText(b)).toBe('from node one')
    await b.publish(key.room, bytes('from node two'))
    expect(await deliveredText(a)).toBe('from node two')
  })

  it('delivers each frame exactly once: no echo to the sender, no double delivery on its node', async () => {
    const [one, two] = [await node(redis.url), await node(redis.url)]
    const key = await createRoomKey()
    const [a1, a2, b] = [await client(one.server), await client(one.server), await client(two.server)]
    for (const member of [a1, a2, b]) await member.join(key)

    await a1.publish(key.room, bytes('hello'))
    expect(await deliveredText(b)).toBe('hello')
    // b answers only after it got "hello" through Redis, so node one sees its own echo of
    // "hello" before "reply": were the echo delivered, it would come first.
    await b.publish(key.room, bytes('reply'))
    expect(await deliveredText(a1)).toBe('reply')
    expect(await deliveredText(a2)).toBe('hello')
    expect(await deliveredText(a2)).toBe('reply')
  })

  it('keeps rooms apart across nodes', async () => {
    const [one, two] = [await node(redis.url), await node(redis.url)]
    const [room1, room2] = [await createRoomKey(), await createRoomKey()]
    const a = await client(one.server)
    const b = await client(two.server)
    await a.join(room1)
    await a.join(room2)
    await b.join(room2)
    await a.publish(room1.room, bytes('room one'))
    await a.publish(room2.room, bytes('room two'))
    expect(await deliveredText(b)).toBe('room two')
  })

  it('stops receiving a room on a node once its last local member left', async () => {
    const [one, two] = [await node(redis.url), await node(redis.url)]
    const key = await createRoomKey()
    const [a, b] = [await client(one.server), await client(two.server)]
    await a.join(key)
    await b.join(key)
    await b.send({ type: FrameType.Leave, room: key.room })
    await b.barrier()
    expect(two.server.stats().rooms).toBe(0)
    await a.publish(key.room, bytes('nobody on node two'))
    await b.barrier()
    expect(b.pending()).toEqual([])
  })

  it('keeps delivering locally while Redis is down, and fans out again once it is back', async () => {
    const outage = await startRedis()
    let restarted: RunningRedis | undefined
    onCleanup(() => restarted?.stop())
    const [one, two] = [await node(outage.url), await node(outage.url)]
    const key = await createRoomKey()
    const [a1, a2, b] = [await client(one.server), await client(one.server), await client(two.server)]
    for (const member of [a1, a2, b]) await member.join(key)

    const down = one.next('redis-error')
    await outage.stop()
    await down
    expect(one.server.stats().fanout).toBe('down')

    await a1.publish(key.room, bytes('local during outage'))
    expect(await deliveredText(a2)).toBe('local during outage')
    // Joining still works (the subscription is retried later) and the new room is served locally.
    const late = await createRoomKey()
    expect((await a1.join(late)).type).toBe(FrameType.Joined)
    expect((await a2.join(late)).type).toBe(FrameType.Joined)
    await a2.publish(late.room, bytes('new room, local'))
    expect(await deliveredText(a1)).toBe('new room, local')

    const backOne = one.next('redis-ready')
    const backTwo = two.next('redis-ready')
    restarted = await startRedis({ port: outage.port })
    await Promise.all([backOne, backTwo])
    await b.publish(key.room, bytes('after the outage'))
    expect(await deliveredText(a1)).toBe('after the outage')
    expect(await deliveredText(a2)).toBe('after the outage')
    // The room joined during the outage was subscribed on reconnect.
    await b.join(late)
    await a1.publish(late.room, bytes('late room, across nodes'))
    expect(await deliveredText(b)).toBe('late room, across nodes')
  })

  it('starts without Redis and serves local rooms', async () => {
    const gone = await startRedis()
    await gone.stop()
    const lonely = await node(gone.url)
    expect(lonely.server.stats().fanout).toBe('down')
    const key = await createRoomKey()
    const [a, b] = [await client(lonely.server), await client(lonely.server)]
    await a.join(key)
    await b.join(key)
    await a.publish(key.room, bytes('works anyway'))
    expect(await deliveredText(b)).toBe('works anyway')
  })
})
