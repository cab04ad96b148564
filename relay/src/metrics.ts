// Prometheus metrics, one Registry per relay server (several servers in one process never
// share a series). Counters mirror the plain RelayCounters at scrape time, so forwarding a
// frame costs no metrics call; histograms are observed as things happen. Labels are closed
// sets (reasons, close codes): never a room, an address or anything a client chose.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { FanoutState } from './fanout.ts'
import { ADMISSION_REFUSALS, DROP_REASONS, JOIN_REFUSALS } from './refusal-reasons.ts'
import type { RelayCounters } from './relay-counters.ts'

export interface LiveGauges {
  readonly connections: number
  readonly pendingUpgrades: number
  readonly rooms: number
  readonly fanout: FanoutState
  readonly draining: boolean
}

export interface RelayMetrics {
  readonly registry: Registry
  readonly connectionDuration: Histogram
  readonly admissionWait: Histogram
  readonly fanoutLag: Histogram
}

const PREFIX = 'clientful_relay_'

export function createRelayMetrics(counters: RelayCounters, live: () => LiveGauges, options: { processMetrics: boolean }): RelayMetrics {
  const registry = new Registry()
  const registers = [registry]
  if (options.processMetrics) collectDefaultMetrics({ register: registry })

  const gauge = (name: string, help: string, read: (g: LiveGauges) => number): void => {
    new Gauge({ name: PREFIX + name, help, registers, collect() { this.set(read(live())) } })
  }
  gauge('connections', 'Open WebSocket connections.', (g) => g.connections)
  gauge('pending_upgrades', 'Upgrades waiting for admission.', (g) => g.pendingUpgrades)
  gauge('rooms', 'Rooms with at least one member on this node.', (g) => g.rooms)
  gauge('draining', '1 while the node is draining.', (g) => (g.draining ? 1 : 0))
  gauge('redis_up', '1 when Redis fan-out is connected, 0 when down, -1 when not configured.', (g) =>
    g.fanout === 'ready' ? 1 : g.fanout === 'down' ? 0 : -1,
  )

  /** A counter whose value is read from RelayCounters when scraped. */
  const mirror = (name: string, help: string, read: (c: RelayCounters) => number): void => {
    new Counter({ name: PREFIX + name, help, registers, collect() { this.reset(); this.inc(read(counters)) } })
  }
  mirror('frames_received_total', 'Frames received from clients.', (c) => c.framesIn)
  mirror('received_bytes_total', 'Bytes received from clients.', (c) => c.bytesIn)
  mirror('frames_sent_total', 'Frames sent to clients.', (c) => c.framesSent)
  mirror('sent_bytes_total', 'Bytes sent to clients.', (c) => c.bytesSent)
  mirror('frames_delivered_total', 'Published payloads delivered to room members.', (c) => c.framesDelivered)
  mirror('joins_total', 'Joins accepted.', (c) => c.joins)
  mirror('admissions_total', 'Upgrades admitted.', (c) => c.upgradesAdmitted)
  mirror('heartbeat_terminations_total', 'Connections dropped for not answering pings.', (c) => c.heartbeatTerminations)
  mirror('redis_published_total', 'Frames published to other nodes.', (c) => c.redisPublished)
  mirror('redis_received_total', 'Frames received from other nodes.', (c) => c.redisReceived)
  mirror('redis_errors_total', 'Redis errors.', (c) => c.redisErrors)

  const labelled = <K extends string>(name: string, help: string, label: string, read: (c: RelayCounters) => Iterable<readonly [K, number]>): void => {
    new Counter({
      name: PREFIX + name,
      help,
      labelNames: [label],
      registers,
      collect() {
        this.reset()
        for (const [value, count] of read(counters)) this.inc({ [label]: value }, count)
      },
    })
  }
  labelled('frames_dropped_total', 'Frames not forwarded, by reason.', 'reason', (c) => DROP_REASONS.map((r) => [r, c.drops[r]] as const))
  labelled('admissions_refused_total', 'Upgrades refused, by reason.', 'reason', (c) => ADMISSION_REFUSALS.map((r) => [r, c.refusals[r]] as const))
  labelled('joins_refused_total', 'Joins refused, by reason.', 'reason', (c) => JOIN_REFUSALS.map((r) => [r, c.joinRefusals[r]] as const))
  labelled('closes_total', 'Closed connections, by WebSocket close code.', 'code', (c) => [...c.closes].map(([code, n]) => [String(code), n] as const))

  return {
    registry,
    connectionDuration: new Histogram({
      name: PREFIX + 'connection_duration_seconds',
      help: 'How long connections stayed open.',
      buckets: [1, 10, 60, 300, 1_800, 3_600, 4 * 3_600, 24 * 3_600],
      registers,
    }),
    admissionWait: new Histogram({
      name: PREFIX + 'admission_wait_seconds',
      help: 'Time an upgrade waited in the admission queue.',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers,
    }),
    fanoutLag: new Histogram({
      name: PREFIX + 'redis_fanout_lag_seconds',
      help: 'From publish on one node to delivery on another (clocks of both nodes).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
  }
}
