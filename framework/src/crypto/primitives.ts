// Hashes, key derivation and randomness through the selected crypto provider (provider.ts).
// Labels are UTF-8 strings here; the derivations they name are listed in docs/FORMAT.md.

import { utf8Encode } from '../util/bytes.ts'
import { cryptoProvider } from './provider.ts'

export function randomBytes(length: number): Uint8Array {
  return cryptoProvider().randomBytes(length)
}

export function sha256(data: Uint8Array): Promise<Uint8Array> {
  return cryptoProvider().sha256(data)
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  return cryptoProvider().hmacSha256(key, data)
}

/** HKDF-SHA256 with the format's default salt: 32 zero bytes. */
export function hkdf(ikm: Uint8Array, info: string, length = 32, salt: Uint8Array = new Uint8Array(32)): Promise<Uint8Array> {
  return cryptoProvider().hkdfSha256(ikm, salt, utf8Encode(info), length)
}
