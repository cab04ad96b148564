// createRelayServer: an HTTP server whose upgrades become relay connections, plus /healthz.
// The relay holds rooms only while they have members and never stores or logs a payload.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { createAdmission, refuseUpgrade } from './admission.ts'
import { localOnlyFanout, type Fanout, type FanoutState } from './fanout.ts'
import { deliverToLocalMembers, handleClientMessage } from './handle-client-frame.ts'
import { startHeartbeat } from './heartbeat.ts'
import { resolveRelayOptions, type RelayOptions } from './options.ts'
import { CloseCode, encodeFrame, FrameType, NONCE_BYTES, PROTOCOL_VERSION } from '@clientful/relay-protocol'
import { createRedisFanout } from './redis-fanout.ts'
import { RelayConnection } from './relay-connection.ts'
import { createCounters, type RelayContext, type RelayCounters } from './relay-context.ts'
import { RoomRegistry } from './room-registry.ts'

export interface RelayStats extends RelayCounters {
  connections: number
  rooms: number
  fanout: FanoutState
}

export interface RelayServer {
  /** ws://host:port to give clients. */
  readonly url: string
  readonly port: number
  /** Counts only; nothing here identifies a room or a client. */
  stats(): RelayStats
  /** Closes every connection with 1001, stops listening, disconnects Redis. Idempotent. */
  close(): Promise<void>
}

export async function createRelayServer(options: RelayOptions = {}): Promise<RelayServer> {
  const resolved = resolveRelayOptions(options)
  const counters = createCounters()
  const connections = new Set<RelayConnection>()
  // Declared before the fan-out, which delivers into it once the server is running.
  let ctx: RelayContext | undefined
  const fanout: Fanout = resolved.redisUrl
    ? await createRedisFanout(resolved.redisUrl, {
        deliver: (roomHex, payload) => {
          if (!ctx) return
          const room = new Uint8Array(Buffer.from(roomHex, 'hex'))
          deliverToLocalMembers(ctx, roomHex, encodeFrame({ type: FrameType.Deliver, room, payload }))
        },
        log: resolved.log,
        counters,
      })
    : localOnlyFanout
  const rooms = new RoomRegistry<RelayConnection>(resolved.maxConnectionsPerRoom, (roomHex) => fanout.unsubscribe(roomHex))
  const context: RelayContext = { options: resolved, rooms, fanout, counters }
  ctx = context

  const admit = createAdmission(resolved)
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: resolved.maxFrameBytes, // ws closes an oversize message with 1009
    perMessageDeflate: false, // payloads are ciphertext: compression only adds zip-bomb risk
    clientTracking: false,
  })
  let closing = false
  let lastRefusalLog = 0

  const http = createServer(respondToHttp)
  http.on('upgrade', (request: IncomingMessage, socket, head) => {
    const decision = closing ? { admitted: false as const, retryAfterSeconds: resolved.retryAfterSeconds } : admit(connections.size)
    if (!decision.admitted) {
      counters.upgradesRefused += 1
      if (performance.now() - lastRefusalLog > 1_000) {
        lastRefusalLog = performance.now()
        resolved.log('upgrade-refused', { upgradesRefused: counters.upgradesRefused, connections: connections.size })
      }
      return refuseUpgrade(socket, decision.retryAfterSeconds)
    }
    wss.handleUpgrade(request, socket, head, accept)
  })

  function accept(ws: WebSocket): void {
    const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES))
    const conn = new RelayConnection(ws, nonce, context)
    connections.add(conn)
    ws.on('message', (data, isBinary) => handleClientMessage(conn, data, isBinary, context))
    ws.on('pong', () => {
      conn.alive = true
    })
    ws.on('error', () => {}) // protocol errors (e.g. oversize frames) close the socket themselves
    ws.once('close', () => {
      connections.delete(conn)
      conn.leaveAllRooms()
    })
    conn.send(encodeFrame({ type: FrameType.Hello, version: PROTOCOL_VERSION, nonce }))
  }

  function respondToHttp(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0]
    if (request.method === 'GET' && path === '/healthz') {
      const body = JSON.stringify({ ok: true, connections: connections.size, rooms: rooms.size })
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body)
      return
    }
    response.writeHead(426, { upgrade: 'websocket', 'content-type': 'text/plain' }).end('clientful relay: connect with a WebSocket\n')
  }

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(resolved.port, resolved.host, () => {
        http.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await fanout.close()
    throw error
  }
  const stopHeartbeat = startHeartbeat(connections, context)
  const port = (http.address() as AddressInfo).port
  const url = `ws://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`
  resolved.log('listening', { port })

  const stats = (): RelayStats => ({ ...counters, connections: connections.size, rooms: rooms.size, fanout: fanout.state() })

  let closed: Promise<void> | undefined
  async function close(): Promise<void> {
    closing = true
    stopHeartbeat()
    const open = [...connections]
    const allClosed = Promise.all(open.map((conn) => new Promise((resolve) => conn.ws.once('close', resolve))))
    for (const conn of open) conn.closeWith(CloseCode.GoingAway, 'relay shutting down')
    await allClosed // bounded: closeWith destroys sockets that do not answer
    const httpClosed = new Promise((resolve) => http.close(resolve))
    http.closeAllConnections()
    await httpClosed
    wss.close()
    await fanout.close()
    resolved.log('closed', { connections: connections.size })
  }

  return {
    url,
    port,
    stats,
    close: () => (closed ??= close()),
  }
}
