// Ed25519 and X25519 in pure JS (@noble/curves): the curve half of the noble provider, and
// what the default provider falls back to where WebCrypto lacks a curve. Kept apart from
// noble-provider.ts so that fallback does not pull AES-GCM in pure JS into every bundle.

import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import type { CurveAlgorithm, CryptoProvider, KeyPair, PrivateKey } from './crypto-provider.ts'

function seedOf(key: PrivateKey): Uint8Array {
  if (key.seed) return key.seed
  throw new TypeError(`this ${key.algorithm} key is held by WebCrypto (non-extractable): the pure-JS provider cannot use it`)
}

export type CurveOperations = Pick<CryptoProvider, 'generateKeyPair' | 'keyPairFromSeed' | 'ed25519Sign' | 'ed25519Verify' | 'x25519'>

export function nobleCurves(randomBytes: (length: number) => Uint8Array): CurveOperations {
  const keyPairFromSeed = async (algorithm: CurveAlgorithm, seed: Uint8Array): Promise<KeyPair> => {
    if (seed.length !== 32) throw new TypeError('seed must be 32 bytes')
    const curve = algorithm === 'Ed25519' ? ed25519 : x25519
    return { publicKey: curve.getPublicKey(seed), privateKey: { algorithm, seed: new Uint8Array(seed) } }
  }
  return {
    keyPairFromSeed,
    // A seed is the only form noble keeps, so every key pair it makes keeps one.
    generateKeyPair: (algorithm) => keyPairFromSeed(algorithm, randomBytes(32)),
    async ed25519Sign(key, message) {
      return ed25519.sign(message, seedOf(key))
    },
    async ed25519Verify(publicKey, message, signature) {
      if (publicKey.length !== 32 || signature.length !== 64) return false
      try {
        // RFC 8032 strict decoding, as WebCrypto does, so every replica reaches the same verdict.
        return ed25519.verify(signature, message, publicKey, { zip215: false })
      } catch {
        return false
      }
    },
    async x25519(key, peerPublicKey) {
      if (peerPublicKey.length !== 32) throw new TypeError('X25519 public key must be 32 bytes')
      return x25519.getSharedSecret(seedOf(key), peerPublicKey)
    },
  }
}
