// Fan-out over Redis pub/sub so several relay nodes act as one. A frame published on this node
// goes to channel `clientful:relay:<roomHex>` as [nodeId 16][payload]; each node subscribes
// only to rooms with a local member and drops its own echoes. Redis is best effort: while it
// is down, commands fail fast (no offline queue), local delivery carries on, and on reconnect
// the node re-subscribes to the rooms it still has.

import { randomBytes } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import type { Fanout, FanoutState } from './fanout.ts'
import type { RelayLog } from './options.ts'
import type { RelayCounters } from './relay-context.ts'

const CHANNEL_PREFIX = 'clientful:relay:'
const NODE_ID_BYTES = 16

export interface RedisFanoutHooks {
  /** A payload another node published in a room that has local members. */
  deliver(roomHex: string, payload: Uint8Array): void
  log: RelayLog
  counters: RelayCounters
}

export async function createRedisFanout(url: string, hooks: RedisFanoutHooks): Promise<Fanout> {
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
  /** True from the first error until both connections work again (and at start). */
  let down = true
  let subscriberReady = false
  let closing = false

  const markDown = (): void => {
    if (down || closing) return // one log line per outage, not one per retry
    down = true
    hooks.log('redis-error', { redisErrors: hooks.counters.redisErrors })
  }
  const noteError = (): void => {
    hooks.counters.redisErrors += 1
    markDown()
  }
  const reportIfReady = (): void => {
    if (!down || publisher.status !== 'ready' || !subscriberReady) return
    down = false
    hooks.log('redis-ready', { rooms: subscriptions.size })
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
    if (!subscriptions.has(roomHex) || message.length < NODE_ID_BYTES) return
    if (nodeId.equals(message.subarray(0, NODE_ID_BYTES))) return // our own echo
    hooks.counters.redisReceived += 1
    hooks.deliver(roomHex, message.subarray(NODE_ID_BYTES))
  })

  await Promise.all([firstOutcome(publisher), firstOutcome(subscriber)])
  if (publisher.status !== 'ready' || subscriber.status !== 'ready') hooks.log('redis-unavailable', { redisErrors: hooks.counters.redisErrors })

  return {
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
      publisher.publish(channelOf(roomHex), Buffer.concat([nodeId, payload])).catch(noteError)
    },
    state(): FanoutState {
      return down ? 'down' : 'ready'
    },
    async close() {
      closing = true
      subscriptions.clear()
      publisher.disconnect()
      subscriber.disconnect()
    },
  }
}

function channelOf(roomHex: string): string {
  return CHANNEL_PREFIX + roomHex
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
