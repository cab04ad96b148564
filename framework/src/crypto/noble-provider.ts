// The crypto seam in pure JS: @noble/curves (Ed25519, X25519), @noble/hashes (SHA-256, HMAC,
// HKDF) and @noble/ciphers (AES-256-GCM), with the platform's getRandomValues. For runtimes
// without WebCrypto's subtle API (an insecure context, some embedded engines) and to prove
// that the format does not depend on WebCrypto: it runs the same suites. Roughly 20× slower
// to verify; keys it makes always keep their seed (nothing here is non-extractable).

import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { AeadKey, CryptoProvider } from './crypto-provider.ts'
import { nobleCurves } from './noble-curves.ts'

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)))
  return out
}

function rawOf(key: AeadKey): Uint8Array {
  if (key.raw) return key.raw
  throw new TypeError('this AEAD key is held by WebCrypto only: the pure-JS provider cannot use it')
}

export const nobleCryptoProvider: CryptoProvider = {
  name: 'noble',
  randomBytes,
  sha256: async (data) => sha256(data),
  hmacSha256: async (key, data) => hmac(sha256, key, data),
  hkdfSha256: async (ikm, salt, info, length) => hkdf(sha256, ikm, salt, info, length),
  async importAesGcmKey(raw) {
    if (raw.length !== 32) throw new TypeError('AEAD key must be 32 bytes')
    return { raw: new Uint8Array(raw) }
  },
  async aesGcmEncrypt(key, nonce, plaintext, aad) {
    return gcm(rawOf(key), nonce, aad).encrypt(plaintext)
  },
  async aesGcmDecrypt(key, nonce, sealed, aad) {
    try {
      return gcm(rawOf(key), nonce, aad).decrypt(sealed)
    } catch {
      return undefined
    }
  },
  // Pure: bundlers drop this provider (and AES in JS) from apps that never select it.
  .../* @__PURE__ */ nobleCurves(randomBytes),
}
