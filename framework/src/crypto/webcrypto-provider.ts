// The crypto seam over WebCrypto (browsers, Node 20+): 10–20× faster than pure JS for the
// curves, and device keys can stay non-extractable. Ed25519 and X25519 are missing from some
// browsers: `webCryptoSupports` probes once, and provider.ts falls back to noble for them.

import { bufferView, exactBytes } from '../util/bytes.ts'
import type { AeadKey, CryptoProvider, CurveAlgorithm, KeyPair, PrivateKey } from './crypto-provider.ts'

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) {
    throw new Error('WebCrypto is unavailable: serve the app from https:// or http://localhost (a secure context)')
  }
  return s
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  // getRandomValues fills at most 64 KiB per call.
  for (let i = 0; i < length; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + 65536)))
  return out
}

const probes = new Map<CurveAlgorithm, Promise<boolean>>()

/** Whether this runtime's WebCrypto implements the curve; probed once per algorithm. */
export function webCryptoSupports(algorithm: CurveAlgorithm): Promise<boolean> {
  let probe = probes.get(algorithm)
  if (!probe) {
    probe = subtle()
      .generateKey({ name: algorithm }, false, usagesFor(algorithm, true))
      .then(
        () => true,
        () => false,
      )
    probes.set(algorithm, probe)
  }
  return probe
}

function usagesFor(algorithm: CurveAlgorithm, pair: boolean): KeyUsage[] {
  if (algorithm === 'X25519') return ['deriveBits']
  return pair ? ['sign', 'verify'] : ['sign']
}

// PKCS#8 wrappers for raw 32-byte private keys (RFC 8410), so seeds can enter WebCrypto.
const PKCS8_PREFIX: Record<CurveAlgorithm, number[]> = {
  Ed25519: [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20],
  X25519: [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20],
}

function pkcs8FromSeed(algorithm: CurveAlgorithm, seed: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(48)
  out.set(PKCS8_PREFIX[algorithm])
  out.set(seed, 16)
  return out
}

function fromBase64UrlJwk(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

async function keyPairFromSeed(algorithm: CurveAlgorithm, seed: Uint8Array): Promise<KeyPair> {
  if (seed.length !== 32) throw new TypeError('seed must be 32 bytes')
  // Imported extractable once, to read the public key from its JWK; the seed is held anyway.
  const cryptoKey = await subtle().importKey('pkcs8', pkcs8FromSeed(algorithm, seed), { name: algorithm }, true, usagesFor(algorithm, false))
  const jwk = await subtle().exportKey('jwk', cryptoKey)
  if (typeof jwk.x !== 'string') throw new Error(`WebCrypto exported no public key for ${algorithm}`)
  return { publicKey: fromBase64UrlJwk(jwk.x), privateKey: { algorithm, cryptoKey, seed: new Uint8Array(seed) } }
}

/** The WebCrypto handle of a private key, imported from its seed when it has none. */
async function handleOf(key: PrivateKey): Promise<CryptoKey> {
  if (key.cryptoKey) return key.cryptoKey
  if (!key.seed) throw new TypeError('private key has neither a CryptoKey nor a seed')
  return subtle().importKey('pkcs8', pkcs8FromSeed(key.algorithm, key.seed), { name: key.algorithm }, false, usagesFor(key.algorithm, false))
}

async function aesHandle(key: AeadKey): Promise<CryptoKey> {
  if (key.cryptoKey) return key.cryptoKey
  if (!key.raw) throw new TypeError('AEAD key has neither a CryptoKey nor raw bytes')
  return subtle().importKey('raw', exactBytes(key.raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
}

// Importing a public key costs about as much as a verify; peers verify the same few device
// keys over and over, so imported keys are cached (bounded).
const verifyKeys = new Map<string, Promise<CryptoKey>>()
const VERIFY_CACHE_LIMIT = 1024

function verifyKey(publicKey: Uint8Array): Promise<CryptoKey> {
  const id = Array.from(publicKey, (b) => b.toString(16).padStart(2, '0')).join('')
  let cached = verifyKeys.get(id)
  if (!cached) {
    if (verifyKeys.size >= VERIFY_CACHE_LIMIT) verifyKeys.clear()
    cached = subtle().importKey('raw', exactBytes(publicKey), { name: 'Ed25519' }, false, ['verify'])
    verifyKeys.set(id, cached)
    cached.catch(() => verifyKeys.delete(id))
  }
  return cached
}

export const webCryptoProvider: CryptoProvider = {
  name: 'webcrypto',
  randomBytes,

  async sha256(data) {
    return new Uint8Array(await subtle().digest('SHA-256', bufferView(data)))
  },

  async hmacSha256(key, data) {
    const handle = await subtle().importKey('raw', exactBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    return new Uint8Array(await subtle().sign('HMAC', handle, bufferView(data)))
  },

  async hkdfSha256(ikm, salt, info, length) {
    const base = await subtle().importKey('raw', exactBytes(ikm), 'HKDF', false, ['deriveBits'])
    const bits = await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: exactBytes(salt), info: exactBytes(info) }, base, length * 8)
    return new Uint8Array(bits)
  },

  async importAesGcmKey(raw) {
    if (raw.length !== 32) throw new TypeError('AEAD key must be 32 bytes')
    // The raw bytes stay beside the handle (they derive from secrets held anyway), so a key
    // works with every provider.
    return { cryptoKey: await subtle().importKey('raw', exactBytes(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']), raw: new Uint8Array(raw) }
  },

  async aesGcmEncrypt(key, nonce, plaintext, aad) {
    const params = { name: 'AES-GCM', iv: bufferView(nonce), additionalData: bufferView(aad), tagLength: 128 }
    return new Uint8Array(await subtle().encrypt(params, await aesHandle(key), bufferView(plaintext)))
  },

  async aesGcmDecrypt(key, nonce, sealed, aad) {
    try {
      const params = { name: 'AES-GCM', iv: bufferView(nonce), additionalData: bufferView(aad), tagLength: 128 }
      return new Uint8Array(await subtle().decrypt(params, await aesHandle(key), bufferView(sealed)))
    } catch {
      return undefined
    }
  },

  async generateKeyPair(algorithm, keepSeed) {
    if (keepSeed) return keyPairFromSeed(algorithm, randomBytes(32))
    const pair = (await subtle().generateKey({ name: algorithm }, false, usagesFor(algorithm, true))) as CryptoKeyPair
    const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey))
    return { publicKey, privateKey: { algorithm, cryptoKey: pair.privateKey } }
  },

  keyPairFromSeed,

  async ed25519Sign(key, message) {
    return new Uint8Array(await subtle().sign('Ed25519', await handleOf(key), bufferView(message)))
  },

  async ed25519Verify(publicKey, message, signature) {
    if (publicKey.length !== 32 || signature.length !== 64) return false
    try {
      return await subtle().verify('Ed25519', await verifyKey(publicKey), bufferView(signature), bufferView(message))
    } catch {
      return false
    }
  },

  async x25519(key, peerPublicKey) {
    if (peerPublicKey.length !== 32) throw new TypeError('X25519 public key must be 32 bytes')
    const peer = await subtle().importKey('raw', exactBytes(peerPublicKey), { name: 'X25519' }, false, [])
    return new Uint8Array(await subtle().deriveBits({ name: 'X25519', public: peer }, await handleOf(key), 256))
  },
}
