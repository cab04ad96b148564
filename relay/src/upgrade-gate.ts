// Every WebSocket upgrade passes here before the relay spends anything on it: refused while
// draining or full, counted against its address's fleet-wide limit (429 beyond it), then held
// in the admission queue (503 when that is full too). Refusals are logged at most once a
// second, with counts and a pseudonym of the address: never the address itself.

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { jitteredRetryAfter, refuseUpgrade, UpgradeQueue } from './admission.ts'
import { clientAddressOf } from './client-address.ts'
import type { FleetCounter } from './fleet-counter.ts'
import type { RelayMetrics } from './metrics.ts'
import type { ResolvedRelayOptions } from './options.ts'
import type { Pseudonymize } from './pseudonym.ts'
import type { AdmissionRefusal } from './refusal-reasons.ts'
import type { RelayCounters } from './relay-counters.ts'
import type { Reporter } from './reporter.ts'

export interface UpgradeGateDeps {
  readonly options: ResolvedRelayOptions
  readonly counters: RelayCounters
  readonly fleet: FleetCounter
  readonly metrics: RelayMetrics
  readonly report: Reporter
  readonly pseudonymize: Pseudonymize
  /** Connections open now. */
  openConnections(): number
  /** Completes an admitted upgrade. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer): void
}

export interface UpgradeGate {
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Upgrades between arrival and admission (their address being counted, or queued). */
  readonly pending: number
  /** Refuses everything waiting and everything that comes after. */
  close(): void
}

const REFUSAL_LOG_INTERVAL_MS = 1_000

export function createUpgradeGate(deps: UpgradeGateDeps): UpgradeGate {
  const { options, counters, fleet } = deps
  const queue = new UpgradeQueue({ capacity: options.maxPendingUpgrades, perSecond: options.connectionsPerSecond, burst: options.connectionBurst })
  /** Upgrades waiting for their address's count (a Redis round trip with fan-out). */
  let checkingAddress = 0
  let closed = false
  let lastRefusalLog = -Infinity

  const refuse = (socket: Duplex, reason: AdmissionRefusal, address?: string): void => {
    counters.upgradesRefused += 1
    counters.refusals[reason] += 1
    if (performance.now() - lastRefusalLog >= REFUSAL_LOG_INTERVAL_MS) {
      lastRefusalLog = performance.now()
      deps.report(
        'upgrade-refused',
        { upgradesRefused: counters.upgradesRefused, ...counters.refusals, connections: deps.openConnections(), pending: pending() },
        { reason, ...(address !== undefined && { client: deps.pseudonymize('ip', address) }) },
      )
    }
    refuseUpgrade(socket, reason === 'per_ip' ? 429 : 503, jitteredRetryAfter(options.retryAfterSeconds))
  }
  const pending = (): number => checkingAddress + queue.size

  function handle(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (closed) return refuse(socket, 'draining')
    if (deps.openConnections() + pending() >= options.maxConnections) return refuse(socket, 'full')
    if (queue.size >= options.maxPendingUpgrades) return refuse(socket, 'queue_full')
    const arrived = performance.now()
    const stopWatching = watchWhileWaiting(socket)
    const address = clientAddressOf(request, options.trustedProxies)
    const addressKey = `ip:${address}`
    checkingAddress += 1
    void fleet.acquire(addressKey, options.maxConnectionsPerIp).then((counted) => {
      checkingAddress -= 1
      if (!counted) return refuse(socket, 'per_ip', address)
      // The address's unit is held exactly as long as the socket: queued, refused or connected.
      if (socket.destroyed) return fleet.release(addressKey) // gone while its address was counted
      socket.once('close', () => fleet.release(addressKey))
      if (closed) return refuse(socket, 'draining')
      const queued = queue.offer({
        socket,
        admit: () => {
          if (socket.destroyed) return
          counters.upgradesAdmitted += 1
          deps.metrics.admissionWait.observe((performance.now() - arrived) / 1000)
          stopWatching()
          deps.accept(request, socket, head)
        },
      })
      if (!queued) refuse(socket, 'queue_full')
    })
  }

  return {
    handle,
    get pending() {
      return pending()
    },
    close() {
      closed = true
      queue.clear((upgrade) => refuse(upgrade.socket, 'draining'))
    },
  }
}

/**
 * Until ws takes the socket over: notices a client that gives up (the server socket is
 * half-open and not read after an upgrade request, so its end would go unseen) and destroys a
 * client that speaks before 101. Returns the undo, which leaves the socket as ws expects it.
 */
function watchWhileWaiting(socket: Duplex): () => void {
  const destroy = (): void => void socket.destroy()
  socket.on('error', destroy)
  socket.on('end', destroy)
  socket.on('data', destroy)
  return () => {
    socket.off('error', destroy)
    socket.off('end', destroy)
    socket.off('data', destroy)
    // As Node leaves an upgraded socket: ws's 'data' listener starts the flow. The property has a
    // setter at run time; the typings call it read-only.
    ;(socket as { readableFlowing: boolean | null }).readableFlowing = null
  }
}
