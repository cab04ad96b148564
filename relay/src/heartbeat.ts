// Ping every connection each interval; one that answered nothing (no pong, no message) since
// the previous ping is dead — a closed laptop, a dropped NAT mapping — and is terminated.

import type { RelayConnection } from './relay-connection.ts'
import type { RelayContext } from './relay-context.ts'

export function startHeartbeat(connections: ReadonlySet<RelayConnection>, ctx: RelayContext): () => void {
  const timer = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        ctx.counters.heartbeatTerminations += 1
        conn.leaveAllRooms()
        conn.ws.terminate()
        continue
      }
      conn.alive = false
      conn.ws.ping()
    }
  }, ctx.options.heartbeatIntervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
