// Ed25519 signing and X25519 key agreement through the selected crypto provider, with the
// checks every provider must share: which public keys from outside verify anything at all
// (ed25519-public-key.ts), and no all-zero shared secret. Callers never look inside a key.

import { fromBase64Url, toBase64Url } from '../util/bytes.ts'
import type { CurveAlgorithm, KeyPair, PrivateKey } from './crypto-provider.ts'
import { ed25519KeyProblem } from './ed25519-public-key.ts'
import { cryptoProvider } from './provider.ts'

export type { CurveAlgorithm, KeyPair, PrivateKey } from './crypto-provider.ts'

/**
 * Makes a key pair. `persistAsSeed` keeps the raw seed (file-based key stores, keys that
 * travel sealed); otherwise WebCrypto keeps the private key non-extractable where it can.
 */
export function generateKeyPair(algorithm: CurveAlgorithm, persistAsSeed: boolean): Promise<KeyPair> {
  return cryptoProvider().generateKeyPair(algorithm, persistAsSeed)
}

/** Deterministic key pair from a 32-byte seed (room keys, invite keys, stored device keys). */
export function keyPairFromSeed(algorithm: CurveAlgorithm, seed: Uint8Array): Promise<KeyPair> {
  if (seed.length !== 32) throw new TypeError('seed must be 32 bytes')
  return cryptoProvider().keyPairFromSeed(algorithm, seed)
}

export function sign(key: PrivateKey, message: Uint8Array): Promise<Uint8Array> {
  if (key.algorithm !== 'Ed25519') throw new TypeError('sign needs an Ed25519 key')
  return cryptoProvider().ed25519Sign(key, message)
}

/**
 * False for any malformed key or signature; never throws on hostile input. Small-order and
 * non-canonical keys verify nothing: WebCrypto would accept a trivial signature for them.
 */
export async function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  if (ed25519KeyProblem(publicKey) !== undefined) return false
  try {
    return await cryptoProvider().ed25519Verify(publicKey, message, signature)
  } catch {
    return false
  }
}

/** X25519 shared secret; rejects low-order peer keys (their output is all zero). */
export async function agree(privateKey: PrivateKey, peerPublicKey: Uint8Array): Promise<Uint8Array> {
  if (privateKey.algorithm !== 'X25519') throw new TypeError('agree needs an X25519 key')
  if (peerPublicKey.length !== 32) throw new TypeError('X25519 public key must be 32 bytes')
  let shared: Uint8Array
  try {
    shared = await cryptoProvider().x25519(privateKey, peerPublicKey)
  } catch (error) {
    throw new TypeError(`X25519 refused the peer key (low order?): ${(error as Error).message}`)
  }
  if (shared.every((b) => b === 0)) throw new TypeError('X25519 produced an all-zero secret')
  return shared
}

/** Seeds as text for file-based key stores (Node). */
export function seedToText(key: PrivateKey): string {
  if (!key.seed) throw new TypeError('this private key is not exportable')
  return toBase64Url(key.seed)
}

export function seedFromText(text: string): Uint8Array {
  const seed = fromBase64Url(text)
  if (seed.length !== 32) throw new TypeError('stored seed must be 32 bytes')
  return seed
}
