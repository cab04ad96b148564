// createRelayServer: an HTTP server whose upgrades become relay connections, plus /healthz,
// /livez and (on its own port) /metrics. The relay holds rooms only while they have members
// and never stores or logs a payload.

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { CloseCode, encodeFrame, FrameType, NONCE_BYTES, PROTOCOL_VERSION } from '@clientful/relay-protocol'
import { localOnlyFanout, type Fanout, type FanoutState } from './fanout.ts'
import { createLocalFleetCounter, type FleetCounter } from './fleet-counter.ts'
import { deliverToLocalMembers, handleClientMessage } from './handle-client-frame.ts'
import { startHeartbeat } from './heartbeat.ts'
import { respondToHttp } from './http-routes.ts'
import { createRelayMetrics } from './metrics.ts'
import { startMetricsServer, type MetricsServer } from './metrics-server.ts'
import { resolveRelayOptions, type RelayOptions } from './options.ts'
import { createPseudonymizer } from './pseudonym.ts'
import { createRedisFanout } from './redis-fanout.ts'
import { createRedisFleetCounter } from './redis-fleet-counter.ts'
import { RelayConnection } from './relay-connection.ts'
import type { RelayContext } from './relay-context.ts'
import { createCounters, type RelayCounters } from './relay-counters.ts'
import { createReporter } from './reporter.ts'
import { RoomRateLimits } from './room-rate-limits.ts'
import { RoomRegistry } from './room-registry.ts'
import { createUpgradeGate } from './upgrade-gate.ts'

export interface RelayStats extends Omit<RelayCounters, 'drops' | 'refusals' | 'joinRefusals' | 'closes'> {
  connections: number
  pendingUpgrades: number
  rooms: number
  fanout: FanoutState
}

export interface RelayServer {
  /** ws://host:port to give clients. */
  readonly url: string
  readonly port: number
  /** http://host:port/metrics when metricsPort was given. */
  readonly metricsUrl: string | undefined
  /** Counts only; nothing here identifies a room or a client. */
  stats(): RelayStats
  /** The Prometheus text exposition, as /metrics serves it. */
  metrics(): Promise<string>
  /**
   * Stops accepting, then tells each client to reconnect elsewhere (close code 1012) at a
   * random moment within `drainMs`, so they do not all come back in the same millisecond;
   * then closes like close(). Idempotent; resolves when everything is closed.
   */
  drain(): Promise<void>
  /** Closes every connection with 1001 at once (1012 during a drain, which it then finishes), stops listening, disconnects Redis. Idempotent. */
  close(): Promise<void>
}

export async function createRelayServer(options: RelayOptions = {}): Promise<RelayServer> {
  const resolved = resolveRelayOptions(options)
  const counters = createCounters()
  const report = createReporter(resolved.log, resolved.logger)
  const pseudonymize = createPseudonymizer()
  const connections = new Set<RelayConnection>()
  let draining = false
  // Declared before the fan-out, which delivers into it once the server is running.
  let ctx: RelayContext | undefined
  let fanoutState = (): FanoutState => 'off'
  const live = () => ({ connections: connections.size, pendingUpgrades: gate.pending, rooms: rooms.size, fanout: fanoutState(), draining })
  const metrics = createRelayMetrics(counters, live, { processMetrics: resolved.metricsPort !== undefined })

  let fanout: Fanout = localOnlyFanout
  let fleet: FleetCounter = createLocalFleetCounter()
  if (resolved.redisUrl) {
    const redis = await createRedisFanout(resolved.redisUrl, {
      deliver: (roomHex, payload) => {
        if (!ctx) return
        const room = new Uint8Array(Buffer.from(roomHex, 'hex'))
        deliverToLocalMembers(ctx, roomHex, encodeFrame({ type: FrameType.Deliver, room, payload }))
      },
      observeLag: (seconds) => metrics.fanoutLag.observe(seconds),
      report,
      counters,
    })
    fanout = redis
    fleet = createRedisFleetCounter(redis)
  }
  fanoutState = () => fanout.state()
  const roomRates = new RoomRateLimits(resolved.roomMessagesPerSecond, resolved.roomMessageBurst)
  const rooms = new RoomRegistry<RelayConnection>(resolved.maxConnectionsPerRoom, (roomHex) => {
    fanout.unsubscribe(roomHex)
    roomRates.forget(roomHex)
  })
  const context: RelayContext = { options: resolved, rooms, roomRates, fanout, fleet, counters, metrics, report }
  ctx = context

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: resolved.maxFrameBytes, // ws closes an oversize message with 1009
    perMessageDeflate: false, // payloads are ciphertext: compression only adds zip-bomb risk
    clientTracking: false,
  })
  const gate = createUpgradeGate({
    options: resolved,
    counters,
    fleet,
    metrics,
    report,
    pseudonymize,
    openConnections: () => connections.size,
    accept: (request: IncomingMessage, socket: Duplex, head: Buffer) => wss.handleUpgrade(request, socket, head, accept),
  })

  const http = createServer((request, response) => respondToHttp(request, response, live))
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => gate.handle(request, socket, head))

  function accept(ws: RelayConnection['ws']): void {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
    const conn = new RelayConnection(ws, nonce, context)
    const openedAt = performance.now()
    connections.add(conn)
    ws.on('message', (data, isBinary) => handleClientMessage(conn, data, isBinary, context))
    ws.on('pong', () => {
      conn.alive = true
    })
    // ws closes on protocol errors itself (1009 for an oversize frame); note the code it sent.
    ws.on('error', (error: Error & { code?: string }) => (conn.sentCloseCode ??= closeCodeOfWsError(error.code)))
    ws.once('close', (receivedCode) => {
      connections.delete(conn)
      conn.leaveAllRooms()
      const code = conn.sentCloseCode ?? receivedCode
      counters.closes.set(code, (counters.closes.get(code) ?? 0) + 1)
      metrics.connectionDuration.observe((performance.now() - openedAt) / 1000)
    })
    conn.send(encodeFrame({ type: FrameType.Hello, version: PROTOCOL_VERSION, nonce }))
  }

  let metricsServer: MetricsServer | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      // A storm arrives as SYNs all at once: a deep accept queue keeps the kernel from dropping
      // them (each drop costs the client a 1 s retransmit) while the admission queue paces them.
      http.listen({ port: resolved.port, host: resolved.host, backlog: Math.max(511, resolved.maxPendingUpgrades) }, () => {
        http.off('error', reject)
        resolve()
      })
    })
    if (resolved.metricsPort !== undefined) metricsServer = await startMetricsServer(metrics.registry, resolved.metricsPort, resolved.metricsHost)
  } catch (error) {
    http.close()
    await fleet.close()
    await fanout.close()
    throw error
  }
  const stopHeartbeat = startHeartbeat(connections, context)
  const port = (http.address() as AddressInfo).port
  const url = `ws://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`
  report('listening', { port }, { url, ...(metricsServer && { metricsUrl: metricsServer.url }) })

  const stats = (): RelayStats => {
    const { drops: _drops, refusals: _refusals, joinRefusals: _joinRefusals, closes: _closes, ...totals } = counters
    return { ...totals, connections: connections.size, pendingUpgrades: gate.pending, rooms: rooms.size, fanout: fanout.state() }
  }

  /** Stops taking new connections: refuses the queue, closes the listener. */
  const stopAccepting = (): Promise<void> => {
    draining = true
    gate.close()
    stopHeartbeat()
    return new Promise((resolve) => http.close(() => resolve()))
  }

  const closeEverything = async (listenerClosed: Promise<void>): Promise<void> => {
    http.closeAllConnections()
    await listenerClosed
    wss.close()
    await metricsServer?.close()
    await fleet.close()
    await fanout.close()
    report('closed', { connections: connections.size })
  }

  let closed: Promise<void> | undefined
  async function close(): Promise<void> {
    const listenerClosed = stopAccepting()
    const open = [...connections]
    const allClosed = Promise.all(open.map((conn) => new Promise((resolve) => conn.ws.once('close', resolve))))
    for (const conn of open) conn.closeWith(CloseCode.GoingAway, 'relay shutting down')
    await allClosed // bounded: closeWith destroys sockets that do not answer
    await closeEverything(listenerClosed)
  }

  /** While draining: closes the connections not told yet, now. */
  let hurryDrain: (() => void) | undefined
  async function drain(): Promise<void> {
    const listenerClosed = stopAccepting()
    const open = [...connections]
    report('draining', { connections: open.length, drainMs: resolved.drainMs })
    const tell = (conn: RelayConnection): void => conn.closeWith(CloseCode.ServiceRestart, 'relay restarting: reconnect')
    const timers = open.map((conn) => setTimeout(() => tell(conn), Math.random() * resolved.drainMs))
    hurryDrain = () => {
      timers.forEach(clearTimeout)
      open.forEach(tell)
    }
    // Bounded: drainMs, then closeWith's grace before it destroys the socket.
    await Promise.all(open.map((conn) => (conn.ws.readyState === conn.ws.CLOSED ? undefined : new Promise((resolve) => conn.ws.once('close', resolve)))))
    await closeEverything(listenerClosed)
  }

  return {
    url,
    port,
    metricsUrl: metricsServer?.url,
    stats,
    metrics: () => metrics.registry.metrics(),
    drain: () => (closed ??= drain()),
    close: () => {
      hurryDrain?.()
      return (closed ??= close())
    },
  }
}

/** The close code ws sends for one of its protocol errors (its error codes are documented). */
function closeCodeOfWsError(code: string | undefined): number {
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return CloseCode.TooBig
  if (code === 'WS_ERR_INVALID_UTF8') return 1007
  return 1002
}
