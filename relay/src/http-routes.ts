// Plain HTTP on the relay's port: /healthz for load balancers (503 with a reason while draining
// or while configured Redis is down: such a node cannot reach the rest of the fleet), /livez
// for process supervisors (200 while the process serves at all: a Redis outage is no reason to
// restart every relay), and 426 for anything else.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FanoutState } from './fanout.ts'

export interface HealthSource {
  readonly connections: number
  readonly rooms: number
  readonly fanout: FanoutState
  readonly draining: boolean
}

export function respondToHttp(request: IncomingMessage, response: ServerResponse, health: () => HealthSource): void {
  const path = (request.url ?? '/').split('?')[0]
  if (request.method === 'GET' && path === '/healthz') {
    const { connections, rooms, fanout, draining } = health()
    const reason = draining ? 'draining' : fanout === 'down' ? 'redis unavailable' : undefined
    const body = reason === undefined ? { ok: true, connections, rooms } : { ok: false, reason, connections, rooms }
    return json(response, reason === undefined ? 200 : 503, body)
  }
  if (request.method === 'GET' && path === '/livez') return json(response, 200, { ok: true })
  response.writeHead(426, { upgrade: 'websocket', 'content-type': 'text/plain' }).end('clientful relay: connect with a WebSocket\n')
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body))
}
