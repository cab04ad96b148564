// What every connection handler shares: the resolved options, the local rooms, the fan-out to
// other nodes, the fleet-wide counters, the counts behind stats() and /metrics, and the
// reporter. One context per server, no module state.

import type { Fanout } from './fanout.ts'
import type { FleetCounter } from './fleet-counter.ts'
import type { RelayMetrics } from './metrics.ts'
import type { ResolvedRelayOptions } from './options.ts'
import type { RelayCounters } from './relay-counters.ts'
import type { Reporter } from './reporter.ts'
import type { RoomRateLimits } from './room-rate-limits.ts'
import type { RoomRegistry } from './room-registry.ts'

/**
 * What the context's rooms need of a connection: a way to deliver a frame. Named here rather
 * than as RelayConnection because the connection holds the context, and the import runs that way.
 */
export interface RoomMember {
  send(frame: Uint8Array): boolean
}

export interface RelayContext {
  readonly options: ResolvedRelayOptions
  readonly rooms: RoomRegistry<RoomMember>
  readonly roomRates: RoomRateLimits
  readonly fanout: Fanout
  readonly fleet: FleetCounter
  readonly counters: RelayCounters
  readonly metrics: RelayMetrics
  readonly report: Reporter
}
