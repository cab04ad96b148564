// Admission control for new WebSocket upgrades: a ceiling on open connections and a token
// bucket on new ones per second. Refusals are plain HTTP 503 with a jittered Retry-After, so
// thousands of clients returning at once spread out instead of retrying in lockstep.

import type { Duplex } from 'node:stream'
import type { ResolvedRelayOptions } from './options.ts'
import { TokenBucket } from './token-bucket.ts'

export type AdmissionDecision = { admitted: true } | { admitted: false; retryAfterSeconds: number }

export type Admission = (openConnections: number) => AdmissionDecision

export function createAdmission(options: ResolvedRelayOptions): Admission {
  const bucket = new TokenBucket(options.connectionBurst, options.connectionsPerSecond)
  const refuse = (): AdmissionDecision => ({
    admitted: false,
    retryAfterSeconds: options.retryAfterSeconds + Math.floor(Math.random() * (options.retryAfterSeconds + 1)),
  })
  return (openConnections) => {
    // Check the ceiling first so a full relay does not also drain the bucket.
    if (openConnections >= options.maxConnections) return refuse()
    return bucket.take(1) ? { admitted: true } : refuse()
  }
}

export function refuseUpgrade(socket: Duplex, retryAfterSeconds: number): void {
  socket.on('error', () => {}) // the client may already be gone
  socket.end(
    'HTTP/1.1 503 Service Unavailable\r\n' +
      `Retry-After: ${retryAfterSeconds}\r\n` +
      'Content-Type: text/plain\r\n' +
      'Content-Length: 26\r\n' +
      'Connection: close\r\n\r\n' +
      'relay busy, retry later.\r\n',
  )
}
