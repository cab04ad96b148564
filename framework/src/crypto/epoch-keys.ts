// Everything a workspace encrypts derives from its epoch secrets (32 random bytes per epoch,
// distributed in lockboxes). Derivation labels are part of the format: see docs/FORMAT.md.

import { toHex, utf8Encode } from '../util/bytes.ts'
import { importAeadKey, type AeadKey } from './aead.ts'
import { keyPairFromSeed, type KeyPair } from './keys.ts'
import { hkdf, hmacSha256 } from './primitives.ts'

export interface EpochKeys {
  /** 16 hex characters derived from the secret: names the epoch and commits to its secret. */
  readonly id: string
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

/**
 * An epoch's id is derived from its secret, so whoever opens a lockbox can check that it
 * holds the secret everyone else holds (a tampered lockbox yields another id), and
 * concurrent rotations can never collide on a name.
 */
export async function epochIdOf(secret: Uint8Array): Promise<string> {
  return toHex(await hkdf(secret, 'clientful/v1/epoch-id', 8))
}

export async function deriveEpochKeys(secret: Uint8Array): Promise<EpochKeys> {
  if (secret.length !== 32) throw new TypeError('epoch secret must be 32 bytes')
  const [id, content, relayFrame, roomSeed] = await Promise.all([
    epochIdOf(secret),
    hkdf(secret, 'clientful/v1/content'),
    hkdf(secret, 'clientful/v1/relay-frame'),
    hkdf(secret, 'clientful/v1/relay-room'),
  ])
  const room = await keyPairFromSeed('Ed25519', roomSeed)
  return {
    id,
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
 * epoch's secret so ids stay stable across rotations.
 */
export class DocumentNamer {
  readonly #key: Promise<Uint8Array>

  constructor(genesisSecret: Uint8Array) {
    this.#key = hkdf(genesisSecret, 'clientful/v1/doc-names')
  }

  async idForName(name: string): Promise<string> {
    const mac = await hmacSha256(await this.#key, utf8Encode(name))
    return toHex(mac.subarray(0, 16))
  }
}
