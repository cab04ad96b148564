// Everything a workspace encrypts derives from its epoch secrets (32 random bytes per epoch,
// distributed in lockboxes). Derivation labels are part of the format: see docs/FORMAT.md.

import { toHex, utf8Encode, exactBytes } from '../util/bytes.ts'
import { importAeadKey, type AeadKey } from './aead.ts'
import { keyPairFromSeed, type KeyPair } from './keys.ts'
import { hkdf, subtle } from './webcrypto.ts'

export interface EpochKeys {
  readonly epoch: number
  /** Raw secret: kept only to seal it to other devices and to derive the keys below. */
  readonly secret: Uint8Array
  /** Envelopes, snapshots, encrypted membership fields. */
  readonly content: AeadKey
  /** The extra layer around every relay frame, so the relay sees no ids. */
  readonly relayFrame: AeadKey
  /** Proves room membership to the relay; its public key is the room id. */
  readonly room: KeyPair
  readonly roomId: string
}

export async function deriveEpochKeys(epoch: number, secret: Uint8Array): Promise<EpochKeys> {
  if (secret.length !== 32) throw new TypeError('epoch secret must be 32 bytes')
  const [content, relayFrame, roomSeed] = await Promise.all([
    hkdf(secret, 'clientful/v1/content'),
    hkdf(secret, 'clientful/v1/relay-frame'),
    hkdf(secret, 'clientful/v1/relay-room'),
  ])
  const room = await keyPairFromSeed('Ed25519', roomSeed)
  return {
    epoch,
    secret,
    content: await importAeadKey(content),
    relayFrame: await importAeadKey(relayFrame),
    room,
    roomId: toHex(room.publicKey),
  }
}

/**
 * Document names map to ids through a keyed hash, so two devices that create "tasks" offline
 * create the same document, and storage never sees the name. The key comes from the genesis
 * epoch so ids stay stable across rotations.
 */
export class DocumentNamer {
  readonly #key: Promise<CryptoKey>

  constructor(genesisSecret: Uint8Array) {
    this.#key = hkdf(genesisSecret, 'clientful/v1/doc-names').then((raw) =>
      subtle().importKey('raw', exactBytes(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    )
  }

  async idForName(name: string): Promise<string> {
    const mac = await subtle().sign('HMAC', await this.#key, exactBytes(utf8Encode(name)))
    return toHex(new Uint8Array(mac).subarray(0, 16))
  }
}
