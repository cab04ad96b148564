// AES-256-GCM for everything encrypted: envelopes, snapshots, membership secrets, relay
// frames, attachment chunks — through the selected crypto provider.

import { concatBytes } from '../util/bytes.ts'
import type { AeadKey } from './crypto-provider.ts'
import { cryptoProvider } from './provider.ts'

export type { AeadKey } from './crypto-provider.ts'

export const NONCE_BYTES = 12
export const TAG_BYTES = 16

export function importAeadKey(raw: Uint8Array): Promise<AeadKey> {
  if (raw.length !== 32) throw new TypeError('AEAD key must be 32 bytes')
  return cryptoProvider().importAesGcmKey(raw)
}

export function aeadEncrypt(key: AeadKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  if (nonce.length !== NONCE_BYTES) throw new TypeError('AES-GCM nonce must be 12 bytes')
  return cryptoProvider().aesGcmEncrypt(key, nonce, plaintext, aad)
}

/** Returns undefined when authentication fails: tampered, truncated, wrong key or wrong AAD. */
export async function aeadDecrypt(key: AeadKey, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  if (nonce.length !== NONCE_BYTES || ciphertext.length < TAG_BYTES) return undefined
  return cryptoProvider().aesGcmDecrypt(key, nonce, ciphertext, aad)
}

/** Random-nonce sealing: nonce ‖ ciphertext. Fine while a key seals < 2^32 messages (epochs rotate long before). */
export async function sealRandom(key: AeadKey, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const nonce = cryptoProvider().randomBytes(NONCE_BYTES)
  return concatBytes(nonce, await aeadEncrypt(key, nonce, plaintext, aad))
}

export async function openRandom(key: AeadKey, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined> {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined
  return aeadDecrypt(key, sealed.subarray(0, NONCE_BYTES), sealed.subarray(NONCE_BYTES), aad)
}
