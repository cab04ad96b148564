// What every connection handler shares: the resolved options, the local rooms, the fan-out to
// other nodes, the fleet-wide counters, the counts behind stats() and /metrics, and the
// reporter. One context per server, no module state.

import type { Fanout } from './fanout.ts'
import type { FleetCounter } from './fleet-counter.ts'
import type { RelayMetrics } from './metrics.ts'
import type { ResolvedRelayOptions } from './options.ts'
import type { RelayConnection } from './relay-connection.ts'
import type { Reporter } from './reporter.ts'
import type { RoomRateLimits } from './room-rate-limits.ts'
import type { RoomRegistry } from './room-registry.ts'

/** Why a frame was not forwarded (a metrics label). */
export const DROP_REASONS = ['rate_limited', 'room_rate_limited', 'bad_frame', 'not_joined', 'slow_consumer'] as const
export type DropReason = (typeof DROP_REASONS)[number]

/** Why an upgrade was refused (a metrics label). */
export const ADMISSION_REFUSALS = ['full', 'queue_full', 'per_ip', 'draining'] as const
export type AdmissionRefusal = (typeof ADMISSION_REFUSALS)[number]

/** Why a join was refused (a metrics label). */
export const JOIN_REFUSALS = ['bad_key', 'bad_signature', 'room_full', 'too_many_rooms'] as const
export type JoinRefusal = (typeof JOIN_REFUSALS)[number]

/** Counts only: the relay has nothing else to report. Plain numbers, so the hot path pays nothing. */
export interface RelayCounters {
  framesIn: number
  bytesIn: number
  framesSent: number
  bytesSent: number
  framesDelivered: number
  joins: number
  joinsRefused: number
  badFrames: number
  rateLimited: number
  upgradesAdmitted: number
  upgradesRefused: number
  slowConsumersClosed: number
  policyCloses: number
  heartbeatTerminations: number
  redisPublished: number
  redisReceived: number
  redisErrors: number
  readonly drops: Record<DropReason, number>
  readonly refusals: Record<AdmissionRefusal, number>
  readonly joinRefusals: Record<JoinRefusal, number>
  /** Closed connections by WebSocket close code. */
  readonly closes: Map<number, number>
}

export interface RelayContext {
  readonly options: ResolvedRelayOptions
  readonly rooms: RoomRegistry<RelayConnection>
  readonly roomRates: RoomRateLimits
  readonly fanout: Fanout
  readonly fleet: FleetCounter
  readonly counters: RelayCounters
  readonly metrics: RelayMetrics
  readonly report: Reporter
}

export function createCounters(): RelayCounters {
  const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  return {
    framesIn: 0,
    bytesIn: 0,
    framesSent: 0,
    bytesSent: 0,
    framesDelivered: 0,
    joins: 0,
    joinsRefused: 0,
    badFrames: 0,
    rateLimited: 0,
    upgradesAdmitted: 0,
    upgradesRefused: 0,
    slowConsumersClosed: 0,
    policyCloses: 0,
    heartbeatTerminations: 0,
    redisPublished: 0,
    redisReceived: 0,
    redisErrors: 0,
    drops: zeros(DROP_REASONS),
    refusals: zeros(ADMISSION_REFUSALS),
    joinRefusals: zeros(JOIN_REFUSALS),
    closes: new Map(),
  }
}

export function countDrop(counters: RelayCounters, reason: DropReason, frames = 1): void {
  counters.drops[reason] += frames
}
