// What every connection handler shares: the resolved options, the local rooms, the fan-out to
// other nodes, and the counters behind stats(). One context per server, no module state.

import type { Fanout } from './fanout.ts'
import type { ResolvedRelayOptions } from './options.ts'
import type { RelayConnection } from './relay-connection.ts'
import type { RoomRegistry } from './room-registry.ts'

/** Counts only: the relay has nothing else to report. */
export interface RelayCounters {
  framesIn: number
  bytesIn: number
  framesDelivered: number
  joins: number
  joinsRefused: number
  badFrames: number
  rateLimited: number
  upgradesRefused: number
  slowConsumersClosed: number
  policyCloses: number
  heartbeatTerminations: number
  redisPublished: number
  redisReceived: number
  redisErrors: number
}

export interface RelayContext {
  readonly options: ResolvedRelayOptions
  readonly rooms: RoomRegistry<RelayConnection>
  readonly fanout: Fanout
  readonly counters: RelayCounters
}

export function createCounters(): RelayCounters {
  return {
    framesIn: 0,
    bytesIn: 0,
    framesDelivered: 0,
    joins: 0,
    joinsRefused: 0,
    badFrames: 0,
    rateLimited: 0,
    upgradesRefused: 0,
    slowConsumersClosed: 0,
    policyCloses: 0,
    heartbeatTerminations: 0,
    redisPublished: 0,
    redisReceived: 0,
    redisErrors: 0,
  }
}
