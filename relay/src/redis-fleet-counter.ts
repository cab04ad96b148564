// Fleet-wide counts in Redis. Each counted key is a hash of node id → that node's share; an
// acquire sums the shares of live nodes and adds one to its own in one Lua script, so two nodes
// cannot both take the last unit. Nodes announce themselves in `clientful:relay:nodes` (node id →
// expiry, by Redis's clock) every few seconds; shares of a node that stopped announcing (crashed)
// are ignored and swept. After an outage, or if its announcement lapsed, a node writes all its
// shares again, so Redis converges on the truth. When Redis is unreachable or slow, an acquire
// falls back to the node's own share: limits then hold per node, and the relay keeps serving.

import { createHash } from 'node:crypto'
import { LocalCounts, type FleetCounter } from './fleet-counter.ts'
import type { RedisFanout } from './redis-fanout.ts'

const NODES_KEY = 'clientful:relay:nodes'
const COUNT_PREFIX = 'clientful:relay:count:'
const ANNOUNCE_EVERY_MS = 5_000
const NODE_TTL_MS = 15_000
/** Counted keys expire a day after their last change, so a crashed fleet leaves nothing behind. */
const COUNT_TTL_SECONDS = 86_400
/** Past this an acquire stops waiting for Redis and decides on the local share. */
const ACQUIRE_TIMEOUT_MS = 250

const NOW_MS = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)"

// KEYS: counted key, nodes; ARGV: node id, limit, ttl seconds. 1 when taken, 0 when full.
const ACQUIRE = `${NOW_MS}
local shares = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #shares, 2 do
  local node = shares[i]
  if node == ARGV[1] or tonumber(redis.call('HGET', KEYS[2], node) or '0') > now then
    total = total + tonumber(shares[i + 1])
  else
    redis.call('HDEL', KEYS[1], node)
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`

// KEYS: counted key; ARGV: node id.
const RELEASE = `if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`

// KEYS: nodes; ARGV: node id, ttl ms. 1 when the node was still announced (its shares stand).
const ANNOUNCE = `${NOW_MS}
local live = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') > now
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]))
if live then return 1 end
return 0`

export function createRedisFleetCounter(redis: RedisFanout): FleetCounter {
  const client = redis.client
  const counts = new LocalCounts()
  // Hashed: addresses are not kept in Redis in the clear.
  const redisKeyOf = (key: string): string => COUNT_PREFIX + createHash('sha256').update(key).digest('hex').slice(0, 32)
  let closed = false

  /** This node's share of `key`, written as it stands (after an acquire whose outcome is unknown). */
  const rewriteShare = (key: string): void => {
    const count = counts.get(key)
    const write = count > 0 ? client.hset(redisKeyOf(key), redis.nodeId, count) : client.hdel(redisKeyOf(key), redis.nodeId)
    write.catch(() => {})
  }

  /**
   * Announces this node. After a reconnect (`rewrite`), or when its announcement had lapsed
   * (Redis restarted, or this process stalled), writes every share again: acquires and releases
   * made while Redis was away never reached it.
   */
  const announce = async (rewrite: boolean): Promise<void> => {
    if (closed || redis.state() !== 'ready') return
    const stillLive = await client.eval(ANNOUNCE, 1, NODES_KEY, redis.nodeId, NODE_TTL_MS).catch(() => undefined)
    if (stillLive !== 0 && !rewrite) return
    const pipeline = client.pipeline()
    for (const [key, count] of counts.entries()) {
      pipeline.hset(redisKeyOf(key), redis.nodeId, count).expire(redisKeyOf(key), COUNT_TTL_SECONDS)
    }
    await pipeline.exec().catch(() => undefined)
  }
  const timer = setInterval(() => void announce(false), ANNOUNCE_EVERY_MS)
  timer.unref()
  const offReady = redis.onReady(() => void announce(true))

  return {
    async acquire(key, limit) {
      if (counts.get(key) >= limit) return false
      let inRedis = false
      if (redis.state() === 'ready') {
        const acquired = client.eval(ACQUIRE, 2, redisKeyOf(key), NODES_KEY, redis.nodeId, limit, COUNT_TTL_SECONDS)
        const taken = await withTimeout(acquired)
        if (taken === 0) return false
        inRedis = taken === 1
        // Timed out: decide on the local share, and once Redis answers, write the share as it is then.
        if (taken === undefined) acquired.finally(() => rewriteShare(key)).catch(() => {})
      }
      if (counts.get(key) >= limit) {
        // Others on this node took the last units meanwhile: give back what Redis counted.
        if (inRedis) client.eval(RELEASE, 1, redisKeyOf(key), redis.nodeId).catch(() => {})
        return false
      }
      counts.increment(key)
      return true
    },
    release(key) {
      if (!counts.decrement(key)) return
      if (redis.state() === 'ready') client.eval(RELEASE, 1, redisKeyOf(key), redis.nodeId).catch(() => {})
    },
    localCount: (key) => counts.get(key),
    async close() {
      closed = true
      clearInterval(timer)
      offReady()
      if (redis.state() === 'ready') await client.hdel(NODES_KEY, redis.nodeId).catch(() => {})
    },
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ACQUIRE_TIMEOUT_MS)))
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer))
}
