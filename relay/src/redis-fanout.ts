// Fan-out over Redis pub/sub so several relay nodes act as one. A frame published on this node
// goes to channel `clientful:relay:2:<roomHex>` as [nodeId 16][sent at, ms, f64 BE 8][payload];
// each node subscribes only to rooms with a local member, drops its own echoes, and measures
// the lag from the sender's timestamp. Only relays read these messages; the `2` in the channel
// keeps nodes of the older format (no timestamp) from misreading them during a rolling upgrade.
// Redis is best effort: while it is down, commands fail fast (no offline queue), local delivery
// carries on, and on reconnect the node re-subscribes to the rooms it still has.

import { randomBytes } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import type { Fanout, FanoutState } from './fanout.ts'
import type { RelayCounters } from './relay-counters.ts'
import type { Reporter } from './reporter.ts'

const CHANNEL_PREFIX = 'clientful:relay:2:'
const NODE_ID_BYTES = 16
const HEADER_BYTES = NODE_ID_BYTES + 8
/** How long a graceful QUIT may take before the connection is simply dropped. */
const QUIT_TIMEOUT_MS = 1_000

export interface RedisFanoutHooks {
  /** A payload another node published in a room that has local members. */
  deliver(roomHex: string, payload: Uint8Array): void
  /** Seconds from publish on another node to receipt here. */
  observeLag(seconds: number): void
  report: Reporter
  counters: RelayCounters
}

/** The fan-out, plus what the fleet counters share with it: the command connection and its state. */
export interface RedisFanout extends Fanout {
  readonly client: Redis
  /** This node's id in the fleet (hex). */
  readonly nodeId: string
  /** Called each time Redis is usable again (and at start, when it is). Returns its unsubscribe. */
  onReady(listener: () => void): () => void
}

export async function createRedisFanout(url: string, hooks: RedisFanoutHooks): Promise<RedisFanout> {
  const nodeId = randomBytes(NODE_ID_BYTES)
  // `satisfies`, not an annotation: the constructor's overloads narrow `replyMapping`.
  const clientOptions = {
    enableOfflineQueue: false, // an outage must not queue frames in memory
    autoResubscribe: false, // we re-subscribe to the rooms we still have, not the old list
    maxRetriesPerRequest: 1,
    commandTimeout: 5_000,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  } satisfies RedisOptions
  const publisher = new Redis(url, clientOptions)
  const subscriber = new Redis(url, clientOptions)
  /** Rooms with local members, each with its pending or settled subscription. */
  const subscriptions = new Map<string, Promise<void>>()
  const readyListeners = new Set<() => void>()
  /** True from the first error until both connections work again (and at start). */
  let down = true
  let subscriberReady = false
  let closing = false

  const markDown = (): void => {
    if (down || closing) return // one log line per outage, not one per retry
    down = true
    hooks.report('redis-error', { redisErrors: hooks.counters.redisErrors })
  }
  const noteError = (): void => {
    hooks.counters.redisErrors += 1
    markDown()
  }
  const reportIfReady = (): void => {
    if (!down || closing || publisher.status !== 'ready' || !subscriberReady) return
    down = false
    hooks.report('redis-ready', { rooms: subscriptions.size })
    for (const listener of readyListeners) listener()
  }
  publisher.on('error', noteError)
  subscriber.on('error', noteError)
  publisher.on('ready', reportIfReady)
  publisher.on('close', markDown)
  subscriber.on('close', () => {
    subscriberReady = false
    markDown()
  })
  subscriber.on('ready', () => {
    // A new connection has no subscriptions: subscribe to the rooms we have now.
    const channels = [...subscriptions.keys()].map(channelOf)
    const resubscribed = channels.length > 0 ? subscriber.subscribe(...channels) : Promise.resolve()
    resubscribed.then(() => {
      subscriberReady = true
      reportIfReady()
    }, noteError)
  })

  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const roomHex = channel.toString('latin1').slice(CHANNEL_PREFIX.length)
    if (!subscriptions.has(roomHex) || message.length < HEADER_BYTES) return
    if (nodeId.equals(message.subarray(0, NODE_ID_BYTES))) return // our own echo
    hooks.counters.redisReceived += 1
    hooks.observeLag(Math.max(0, wallClockMs() - message.readDoubleBE(NODE_ID_BYTES)) / 1000)
    hooks.deliver(roomHex, message.subarray(HEADER_BYTES))
  })

  await Promise.all([firstOutcome(publisher), firstOutcome(subscriber)])
  if (publisher.status !== 'ready' || subscriber.status !== 'ready') hooks.report('redis-unavailable', { redisErrors: hooks.counters.redisErrors })

  return {
    client: publisher,
    nodeId: nodeId.toString('hex'),
    onReady(listener) {
      readyListeners.add(listener)
      if (!down) queueMicrotask(() => readyListeners.has(listener) && listener())
      return () => readyListeners.delete(listener)
    },
    subscribe(roomHex) {
      let subscribed = subscriptions.get(roomHex)
      if (!subscribed) {
        subscribed = subscriber.subscribe(channelOf(roomHex)).then(() => undefined, noteError)
        subscriptions.set(roomHex, subscribed)
      }
      return subscribed
    },
    unsubscribe(roomHex) {
      subscriptions.delete(roomHex)
      if (subscriber.status === 'ready') subscriber.unsubscribe(channelOf(roomHex)).catch(noteError)
    },
    publish(roomHex, payload) {
      if (publisher.status !== 'ready') return
      hooks.counters.redisPublished += 1
      const header = Buffer.allocUnsafe(HEADER_BYTES)
      nodeId.copy(header, 0)
      header.writeDoubleBE(wallClockMs(), NODE_ID_BYTES)
      publisher.publish(channelOf(roomHex), Buffer.concat([header, payload])).catch(noteError)
    },
    state(): FanoutState {
      return down ? 'down' : 'ready'
    },
    async close() {
      closing = true
      subscriptions.clear()
      readyListeners.clear()
      await Promise.all([quitGracefully(publisher), quitGracefully(subscriber)])
    },
  }
}

function channelOf(roomHex: string): string {
  return CHANNEL_PREFIX + roomHex
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
function wallClockMs(): number {
  return performance.timeOrigin + performance.now()
}

/** QUIT lets Redis finish what it has; a dead or slow connection is dropped instead. */
async function quitGracefully(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_TIMEOUT_MS)))
  await Promise.race([client.quit().then(() => undefined, () => undefined), timeout])
  clearTimeout(timer)
  client.disconnect()
}

/** Resolves when the client is ready or has failed once; the relay starts either way. */
function firstOutcome(client: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      client.off('ready', done)
      client.off('error', done)
      client.off('end', done)
      resolve()
    }
    client.once('ready', done)
    client.once('error', done)
    client.once('end', done)
  })
}
