// The conformance suite of the envelope crypto seam (sync/envelope-crypto.ts): what the outbox
// and the verifier rely on from `seal`, `verifySignature`, `hasEpoch` and `decrypt`. The last
// cases are the security the signed encryption provides; a pass-through (the benchmark's)
// runs only the first ones, by design.
//
//   for (const c of envelopeCryptoConformanceCases()) it(c.name, () => c.run(subject))

import { envelopeHeader, type EnvelopeFile } from '../format/envelope.ts'
import type { EnvelopeCrypto } from '../sync/envelope-crypto.ts'
import { check, checkBytes, patternBytes } from './storage-conformance-checks.ts'

export interface EnvelopeCryptoSubject {
  readonly crypto: EnvelopeCrypto
  /** The signing device (64 hex) and an epoch the crypto holds, and one it does not. */
  readonly device: string
  readonly epoch: string
  readonly unknownEpoch: string
}

export interface EnvelopeCryptoConformanceCase {
  readonly name: string
  /** Whether the case checks security (signature and AEAD), which a pass-through does not give. */
  readonly security: boolean
  readonly run: (subject: EnvelopeCryptoSubject) => Promise<void>
}

const WS = '0123456789abcdef0123456789abcdef'
const header = (s: EnvelopeCryptoSubject, seq = 1) => envelopeHeader(WS, s.device, seq, s.epoch, { prev: seq === 1 ? '' : 'ab'.repeat(32), own: 'cd'.repeat(32) })

function flip(text: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return text.slice(0, at) + alphabet[alphabet.indexOf(text[at]!) ^ 1] + text.slice(at + 1)
}

const cases: Record<string, { security: boolean; run: (s: EnvelopeCryptoSubject) => Promise<void> }> = {
  'a sealed envelope keeps its header, verifies, and decrypts to its plaintext': {
    security: false,
    async run(s) {
      const plaintext = patternBytes(100_000, 3)
      const file = await s.crypto.seal(header(s, 7), plaintext)
      const h = header(s, 7)
      check(file.ws === h.ws && file.device === h.device && file.seq === 7 && file.epoch === h.epoch && file.prev === h.prev && file.own === h.own, 'the sealed file carries the header it was given')
      check(await s.crypto.verifySignature(file), 'its signature verifies')
      checkBytes(await s.crypto.decrypt(file), plaintext, 'its plaintext')
    },
  },
  'hasEpoch says which epochs it holds': {
    security: false,
    async run(s) {
      check(s.crypto.hasEpoch(s.epoch), 'the epoch it holds')
      check(!s.crypto.hasEpoch(s.unknownEpoch), 'an epoch it does not hold')
    },
  },
  'an empty plaintext round-trips': {
    security: false,
    async run(s) {
      checkBytes(await s.crypto.decrypt(await s.crypto.seal(header(s), new Uint8Array(0))), new Uint8Array(0), 'an empty plaintext')
    },
  },
  'a changed header field or signature does not verify': {
    security: true,
    async run(s) {
      const file = await s.crypto.seal(header(s, 2), patternBytes(64, 1))
      const changed: EnvelopeFile[] = [{ ...file, seq: 3 }, { ...file, ws: 'f'.repeat(32) }, { ...file, prev: 'ef'.repeat(32) }, { ...file, own: 'ef'.repeat(32) }, { ...file, sig: flip(file.sig, 4) }]
      for (const f of changed) check(!(await s.crypto.verifySignature(f)), `a changed envelope must not verify: ${JSON.stringify({ seq: f.seq, ws: f.ws.slice(0, 4) })}`)
    },
  },
  'a changed ciphertext or header does not decrypt (the header is the associated data)': {
    security: true,
    async run(s) {
      const file = await s.crypto.seal(header(s, 2), patternBytes(64, 2))
      check((await s.crypto.decrypt({ ...file, ct: flip(file.ct, 20) })) === undefined, 'a flipped ciphertext bit')
      check((await s.crypto.decrypt({ ...file, seq: 3 })) === undefined, 'another sequence number')
      check((await s.crypto.decrypt({ ...file, own: 'ef'.repeat(32) })) === undefined, 'another own digest')
    },
  },
  'the same plaintext sealed twice gives different ciphertexts (fresh nonces)': {
    security: true,
    async run(s) {
      const [a, b] = [await s.crypto.seal(header(s), patternBytes(32, 9)), await s.crypto.seal(header(s), patternBytes(32, 9))]
      check(a.ct !== b.ct, 'two seals of one plaintext must differ')
    },
  },
}

export function envelopeCryptoConformanceCases(): EnvelopeCryptoConformanceCase[] {
  return Object.entries(cases).map(([name, c]) => ({ name, security: c.security, run: c.run }))
}
