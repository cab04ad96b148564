// A room id must be a canonical encoding of an Ed25519 point outside the small-order subgroup.
// WebCrypto accepts small-order keys, and for those a trivial signature (R = identity, S = 0)
// verifies over any message: anyone could join such a room, a free broadcast channel. It also
// accepts non-canonical encodings (y >= p), which give one key several room ids.
//
// Mixed-order keys (a torsion component) are not refused: joining one still needs its secret
// scalar, and the prime-order check costs ~0.7 ms per join against ~0.07 ms for this one.

import { ed25519 } from '@noble/curves/ed25519.js'
import { ROOM_BYTES } from '@clientful/relay-protocol'

export function isAcceptableRoomKey(room: Uint8Array): boolean {
  if (room.length !== ROOM_BYTES) return false
  let point
  try {
    point = ed25519.Point.fromBytes(room, false) // strict RFC 8032 decoding: y < p, no "-0"
  } catch {
    return false
  }
  if (point.isSmallOrder()) return false
  return bytesEqual(point.toBytes(), room) // the one canonical encoding of this point
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
