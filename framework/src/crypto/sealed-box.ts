// Sealing a secret to one device's X25519 key (lockboxes): an ephemeral X25519 key, HKDF of
// the shared secret bound to both public keys and a context label, then AES-256-GCM.
// Only the holder of the recipient's private key can open it.

import { concatBytes, utf8Encode } from '../util/bytes.ts'
import { aeadDecrypt, aeadEncrypt, importAeadKey } from './aead.ts'
import { agree, generateKeyPair, type PrivateKey } from './keys.ts'
import { hkdf } from './primitives.ts'

const ZERO_NONCE = new Uint8Array(12) // safe: every sealed box derives a fresh key

async function boxKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array, context: string) {
  const raw = await hkdf(shared, `clientful/v1/sealed-box/${context}`, 32, concatBytes(ephemeral, recipient))
  return importAeadKey(raw)
}

/** Output: ephemeral public key (32) ‖ ciphertext. */
export async function sealTo(recipientPublicKey: Uint8Array, plaintext: Uint8Array, context: string): Promise<Uint8Array> {
  const ephemeral = await generateKeyPair('X25519', true)
  const shared = await agree(ephemeral.privateKey, recipientPublicKey)
  const key = await boxKey(shared, ephemeral.publicKey, recipientPublicKey, context)
  const ct = await aeadEncrypt(key, ZERO_NONCE, plaintext, utf8Encode(context))
  return concatBytes(ephemeral.publicKey, ct)
}

export async function openSealed(
  recipient: { publicKey: Uint8Array; privateKey: PrivateKey },
  sealed: Uint8Array,
  context: string,
): Promise<Uint8Array | undefined> {
  if (sealed.length < 32 + 16) return undefined
  const ephemeral = sealed.subarray(0, 32)
  try {
    const shared = await agree(recipient.privateKey, ephemeral)
    const key = await boxKey(shared, ephemeral, recipient.publicKey, context)
    return await aeadDecrypt(key, ZERO_NONCE, sealed.subarray(32), utf8Encode(context))
  } catch {
    return undefined
  }
}
