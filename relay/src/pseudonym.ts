// Correlation ids for logs: an HMAC of an address or a room id under a key made at start and
// never written anywhere. Lines of one process can be correlated; nobody can turn a pseudonym
// back into an address (IPv4 is small enough to brute-force a plain hash) or link processes.

import { createHmac, randomBytes } from 'node:crypto'

export type Pseudonymize = (kind: 'ip' | 'room', value: string) => string

export function createPseudonymizer(): Pseudonymize {
  const key = randomBytes(32)
  return (kind, value) => createHmac('sha256', key).update(`${kind}\0${value}`).digest('hex').slice(0, 16)
}
