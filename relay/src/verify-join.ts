// Join proof: the room id is an Ed25519 public key, and the client signs the connection's
// nonce with the matching private key. Only WebCrypto is used; a key WebCrypto cannot import
// (not a valid point) simply fails the join.

import { joinChallenge } from '@clientful/relay-protocol'

export async function verifyJoinSignature(room: Uint8Array, nonce: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    // WebCrypto wants ArrayBuffer-backed views; copies are 96 bytes.
    const key = await crypto.subtle.importKey('raw', new Uint8Array(room), { name: 'Ed25519' }, false, ['verify'])
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(signature), joinChallenge(nonce, room))
  } catch {
    return false
  }
}
