// Prometheus /metrics: on its own port, per server, counting what happened, naming nothing.

import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, FrameType, roomToHex } from '@clientful/relay-protocol'
import type { RelayServer } from '../src/index.ts'
import { bytes, createRoomKey, relayHarness, until, withGuard } from './helpers.ts'

const { relay, client } = relayHarness()

async function scrape(server: RelayServer): Promise<string> {
  const response = await fetch(server.metricsUrl!)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  return response.text()
}

/** The value of one series, e.g. value(text, 'clientful_relay_closes_total{code="1009"}'). */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '))
  return line === undefined ? NaN : Number(line.slice(series.length + 1))
}

describe('/metrics', () => {
  it('exposes connections, rooms, frames, bytes, drops, refusals, closes and durations after traffic', async () => {
    const server = await relay({ metricsPort: 0, maxConnections: 3, maxFrameBytes: 1024 })
    const key = await createRoomKey()
    const [a, b, c] = [await client(server), await client(server), await client(server)]
    await a.join(key)
    await b.join(key)
    await a.publish(key.room, bytes('hello'))
    await b.next(FrameType.Deliver)
    await c.publish(key.room, bytes('not a member')) // dropped: not joined
    await c.next(FrameType.Error)
    await c.send(new Uint8Array([0x99])) // dropped: bad frame
    await c.next(FrameType.Error)
    await c.send({ type: FrameType.Join, room: new Uint8Array(32).fill(0), signature: new Uint8Array(64) }) // small-order key
    await c.next(FrameType.Error)
    const refused = new WebSocket(server.url) // over maxConnections
    await withGuard(new Promise((resolve) => refused.once('error', resolve)), 'the refusal')
    await a.publish(key.room, new Uint8Array(2048)) // over maxFrameBytes: closed with 1009
    await withGuard(a.closed, 'the oversize close')
    await until(() => server.stats().connections === 2, () => fetch(server.metricsUrl!), 'the relay to see the close')

    const text = await scrape(server)
    expect(value(text, 'clientful_relay_connections')).toBe(2)
    expect(value(text, 'clientful_relay_rooms')).toBe(1)
    expect(value(text, 'clientful_relay_joins_total')).toBe(2)
    expect(value(text, 'clientful_relay_frames_received_total')).toBe(6) // the oversize frame is refused by ws unread
    expect(value(text, 'clientful_relay_frames_delivered_total')).toBe(1)
    expect(value(text, 'clientful_relay_frames_sent_total')).toBeGreaterThanOrEqual(3 + 2 + 1 + 3) // Hellos, Joineds, Deliver, Errors
    expect(value(text, 'clientful_relay_received_bytes_total')).toBeGreaterThan(2 * 97)
    expect(value(text, 'clientful_relay_sent_bytes_total')).toBeGreaterThan(3 * 34)
    expect(value(text, 'clientful_relay_frames_dropped_total{reason="not_joined"}')).toBe(1)
    expect(value(text, 'clientful_relay_frames_dropped_total{reason="bad_frame"}')).toBe(1)
    expect(value(text, 'clientful_relay_frames_dropped_total{reason="rate_limited"}')).toBe(0)
    expect(value(text, 'clientful_relay_joins_refused_total{reason="bad_key"}')).toBe(1)
    expect(value(text, 'clientful_relay_admissions_refused_total{reason="full"}')).toBe(1)
    expect(value(text, `clientful_relay_closes_total{code="${CloseCode.TooBig}"}`)).toBe(1)
    expect(value(text, 'clientful_relay_connection_duration_seconds_count')).toBe(1)
    expect(value(text, 'clientful_relay_redis_up')).toBe(-1)
    expect(value(text, 'clientful_relay_draining')).toBe(0)
    // Default process metrics come along.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m)
    // Nothing that names a room or a client.
    expect(text).not.toContain(roomToHex(key.room))
    expect(text).not.toContain('127.0.0.1')
  })

  it('keeps the counters of two servers in one process apart', async () => {
    const [one, two] = [await relay({ metricsPort: 0 }), await relay({ metricsPort: 0 })]
    await client(one)
    await client(one)
    await client(two)
    expect(value(await scrape(one), 'clientful_relay_connections')).toBe(2)
    expect(value(await scrape(two), 'clientful_relay_connections')).toBe(1)
    expect(value(await one.metrics(), 'clientful_relay_admissions_total')).toBe(2)
    expect(value(await two.metrics(), 'clientful_relay_admissions_total')).toBe(1)
  })

  it('is not served on the public port, and no metrics listener opens unless asked', async () => {
    const server = await relay()
    expect(server.metricsUrl).toBeUndefined()
    const response = await fetch(server.url.replace('ws://', 'http://') + '/metrics')
    expect(response.status).toBe(426)
    expect(await server.metrics()).toContain('clientful_relay_connections 0')
  })
})
