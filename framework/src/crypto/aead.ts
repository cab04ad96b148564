// AES-256-GCM through WebCrypto for everything encrypted: envelopes, snapshots, membership
// secrets, relay frames, attachment chunks. Keys are imported non-extractable.

import { bufferView, concatBytes, exactBytes } from '../util/bytes.ts'
import { randomBytes, subtle } from './webcrypto.ts'

export const NONCE_BYTES = 12
export const TAG_BYTES = 16

export interface AeadKey {
  readonly cryptoKey: CryptoKey
}

export async function importAeadKey(raw: Uint8Array): Promise<AeadKey> {
  if (raw.length !== 32) throw new TypeError('AEAD key must be 32 bytes')
  const cryptoKey = await subtle().importKey('raw', exactBytes(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
  return { cryptoKey }
}

export async function aeadEncrypt(key: AeadKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const ct = await subtle().encrypt(
    { name: 'AES-GCM', iv: bufferView(nonce), additionalData: bufferView(aad), tagLength: 128 },
    key.cryptoKey,
    bufferView(plaintext),
  )
  return new Uint8Array(ct)
}

/** Returns undefined when authentication fails: tampered, truncated, wrong key or wrong AAD. */
export async function aeadDecrypt(key: AeadKey, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  if (nonce.length !== NONCE_BYTES || ciphertext.length < TAG_BYTES) return undefined
  try {
    const pt = await subtle().decrypt(
      { name: 'AES-GCM', iv: bufferView(nonce), additionalData: bufferView(aad), tagLength: 128 },
      key.cryptoKey,
      bufferView(ciphertext),
    )
    return new Uint8Array(pt)
  } catch {
    return undefined
  }
}

/** Random-nonce sealing: nonce ‖ ciphertext. Fine while a key seals < 2^32 messages (epochs rotate long before). */
export async function sealRandom(key: AeadKey, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const nonce = randomBytes(NONCE_BYTES)
  return concatBytes(nonce, await aeadEncrypt(key, nonce, plaintext, aad))
}

export async function openRandom(key: AeadKey, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined
  return aeadDecrypt(key, sealed.subarray(0, NONCE_BYTES), sealed.subarray(NONCE_BYTES), aad)
}
