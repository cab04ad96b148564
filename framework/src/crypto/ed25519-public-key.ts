// Which Ed25519 public keys from outside are acceptable. WebCrypto accepts small-order keys,
// and for those a trivial signature (R = identity, S = 0) verifies over any message: a device,
// user or invite with such a key could be impersonated by anyone. It also accepts non-canonical
// encodings (y ≥ p, or x = 0 with the sign bit set), which give one key several ids.
//
// Two levels: `ed25519KeyProblem` (strict decoding, canonical form, not small order; ~0.1 ms)
// for every key a signature is checked against, and `ed25519PrimeOrderProblem` (also no
// torsion component; ~0.7 ms) for keys a workspace admits for good — device, user and invite
// keys — where replicas that verify with different libraries must never disagree. Honest keys
// are always canonical points of prime order. Results are cached per key (bounded).

import { ed25519 } from '@noble/curves/ed25519.js'
import { toHex } from '../util/bytes.ts'

const CACHE_LIMIT = 4096
const basicCache = new Map<string, string | undefined>()
const primeOrderCache = new Map<string, string | undefined>()

function remember(cache: Map<string, string | undefined>, key: string, problem: string | undefined): string | undefined {
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, problem)
  return problem
}

type EdPoint = ReturnType<typeof ed25519.Point.fromBytes>

function decode(bytes: Uint8Array): EdPoint | string {
  if (bytes.length !== 32) return 'an Ed25519 public key is 32 bytes'
  let point: EdPoint
  try {
    point = ed25519.Point.fromBytes(bytes, false) // RFC 8032 strict decoding: y < p
  } catch {
    return 'not a point on the Ed25519 curve, or not canonically encoded'
  }
  if (!sameBytes(point.toBytes(), bytes)) return 'a non-canonical encoding of an Ed25519 point'
  if (point.isSmallOrder()) return 'a small-order Ed25519 point (anyone could sign for it)'
  return point
}

/** Why `key` (32 bytes, or 64 hex) may not be used to check signatures; undefined when fine. */
export function ed25519KeyProblem(key: Uint8Array | string): string | undefined {
  const bytes = typeof key === 'string' ? hexToBytes(key) : key
  if (!bytes) return 'not a 64-hex Ed25519 public key'
  const id = typeof key === 'string' ? key : toHex(bytes)
  if (basicCache.has(id)) return basicCache.get(id)
  const decoded = decode(bytes)
  return remember(basicCache, id, typeof decoded === 'string' ? decoded : undefined)
}

/** Like `ed25519KeyProblem`, and also refuses points with a torsion component. */
export function ed25519PrimeOrderProblem(key: Uint8Array | string): string | undefined {
  const bytes = typeof key === 'string' ? hexToBytes(key) : key
  if (!bytes) return 'not a 64-hex Ed25519 public key'
  const id = typeof key === 'string' ? key : toHex(bytes)
  if (primeOrderCache.has(id)) return primeOrderCache.get(id)
  const decoded = decode(bytes)
  if (typeof decoded === 'string') return remember(primeOrderCache, id, decoded)
  return remember(primeOrderCache, id, decoded.isTorsionFree() ? undefined : 'an Ed25519 point with a small-order component')
}

function hexToBytes(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
