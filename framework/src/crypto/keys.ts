// Ed25519 signing and X25519 key agreement behind one small type. A private key is either a
// WebCrypto CryptoKey (non-extractable in the browser) or, on the fallback path, raw seed
// bytes for @noble/curves. Callers never look inside.

import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { exactBytes, fromBase64Url, toBase64Url } from '../util/bytes.ts'
import { ed25519KeyProblem } from './ed25519-public-key.ts'
import { pkcs8FromSeed, randomBytes, subtle, webCryptoSupports } from './webcrypto.ts'

export type CurveAlgorithm = 'Ed25519' | 'X25519'

export interface PrivateKey {
  readonly algorithm: CurveAlgorithm
  /** Present when WebCrypto holds the key. */
  readonly cryptoKey?: CryptoKey
  /** Present on the fallback path, or when the key must be persisted as bytes (Node). */
  readonly seed?: Uint8Array
}

export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly privateKey: PrivateKey
}

function usagesFor(algorithm: CurveAlgorithm): KeyUsage[] {
  return algorithm === 'Ed25519' ? ['sign'] : ['deriveBits']
}

/**
 * Makes a key pair. `persistAsSeed` keeps the raw seed (for file-based key stores); otherwise
 * the private key is a non-extractable CryptoKey where WebCrypto supports the curve.
 */
export async function generateKeyPair(algorithm: CurveAlgorithm, persistAsSeed: boolean): Promise<KeyPair> {
  if (persistAsSeed || !(await webCryptoSupports(algorithm))) {
    return keyPairFromSeed(algorithm, randomBytes(32))
  }
  const usages: KeyUsage[] = algorithm === 'Ed25519' ? ['sign', 'verify'] : ['deriveBits']
  const pair = (await subtle().generateKey({ name: algorithm }, false, usages)) as CryptoKeyPair
  const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey))
  return { publicKey, privateKey: { algorithm, cryptoKey: pair.privateKey } }
}

/** Deterministic key pair from a 32-byte seed (room keys, invite keys, stored device keys). */
export async function keyPairFromSeed(algorithm: CurveAlgorithm, seed: Uint8Array): Promise<KeyPair> {
  if (seed.length !== 32) throw new TypeError('seed must be 32 bytes')
  const curve = algorithm === 'Ed25519' ? ed25519 : x25519
  const publicKey = curve.getPublicKey(seed)
  if (await webCryptoSupports(algorithm)) {
    const cryptoKey = await subtle().importKey('pkcs8', pkcs8FromSeed(algorithm, seed), { name: algorithm }, false, usagesFor(algorithm))
    return { publicKey, privateKey: { algorithm, cryptoKey, seed } }
  }
  return { publicKey, privateKey: { algorithm, seed } }
}

export async function sign(key: PrivateKey, message: Uint8Array): Promise<Uint8Array> {
  if (key.algorithm !== 'Ed25519') throw new TypeError('sign needs an Ed25519 key')
  if (key.cryptoKey) return new Uint8Array(await subtle().sign('Ed25519', key.cryptoKey, exactBytes(message)))
  if (!key.seed) throw new TypeError('private key has neither a CryptoKey nor a seed')
  return ed25519.sign(message, key.seed)
}

// Importing a public key costs about as much as a verify; peers verify the same few device
// keys over and over, so imported keys are cached (bounded).
const verifyKeyCache = new Map<string, Promise<CryptoKey>>()
const VERIFY_CACHE_LIMIT = 1024

function importVerifyKey(publicKey: Uint8Array): Promise<CryptoKey> {
  const id = toBase64Url(publicKey)
  let cached = verifyKeyCache.get(id)
  if (!cached) {
    if (verifyKeyCache.size >= VERIFY_CACHE_LIMIT) verifyKeyCache.clear()
    cached = subtle().importKey('raw', exactBytes(publicKey), { name: 'Ed25519' }, false, ['verify'])
    verifyKeyCache.set(id, cached)
  }
  return cached
}

/**
 * False for any malformed key or signature; never throws on hostile input. Small-order and
 * non-canonical keys verify nothing: WebCrypto would accept a trivial signature for them.
 */
export async function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  if (ed25519KeyProblem(publicKey) !== undefined) return false
  try {
    if (await webCryptoSupports('Ed25519')) {
      return await subtle().verify('Ed25519', await importVerifyKey(publicKey), exactBytes(signature), exactBytes(message))
    }
    // RFC 8032 strict decoding, like WebCrypto, so that every replica reaches the same verdict.
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/** X25519 shared secret; rejects the all-zero output of low-order points. */
export async function agree(privateKey: PrivateKey, peerPublicKey: Uint8Array): Promise<Uint8Array> {
  if (privateKey.algorithm !== 'X25519') throw new TypeError('agree needs an X25519 key')
  if (peerPublicKey.length !== 32) throw new TypeError('X25519 public key must be 32 bytes')
  let shared: Uint8Array
  if (privateKey.cryptoKey) {
    const peer = await subtle().importKey('raw', exactBytes(peerPublicKey), { name: 'X25519' }, false, [])
    shared = new Uint8Array(await subtle().deriveBits({ name: 'X25519', public: peer }, privateKey.cryptoKey, 256))
  } else if (privateKey.seed) {
    shared = x25519.getSharedSecret(privateKey.seed, peerPublicKey)
  } else {
    throw new TypeError('private key has neither a CryptoKey nor a seed')
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
