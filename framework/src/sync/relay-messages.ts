// What Clientful sends through the relay, inside one more AEAD layer under the epoch's relay
// frame key (AAD = room id), so the relay sees neither device ids nor sequence numbers.
//   kind 1: an envelope file exactly as stored   kind 2: a poke ("my log grew: pull")
//   kind 3: an ephemeral message (presence/), never stored

import { openRandom, sealRandom } from '../crypto/aead.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import { concatBytes } from '../util/bytes.ts'

export const RelayMessageKind = { Envelope: 1, Poke: 2, Ephemeral: 3 } as const
export type RelayMessageKind = (typeof RelayMessageKind)[keyof typeof RelayMessageKind]

export interface RelayMessage {
  readonly kind: RelayMessageKind
  readonly body: Uint8Array
}

export function wrapRelayMessage(keys: EpochKeys, message: RelayMessage): Promise<Uint8Array> {
  return sealRandom(keys.relayFrame, concatBytes(new Uint8Array([message.kind]), message.body), keys.room.publicKey)
}

/** Undefined for anything that does not decrypt or has an unknown kind. */
export async function unwrapRelayMessage(keys: EpochKeys, payload: Uint8Array): Promise<RelayMessage | undefined> {
  const plain = await openRandom(keys.relayFrame, payload, keys.room.publicKey)
  if (!plain || plain.length < 1) return undefined
  const kind = plain[0]
  if (kind !== RelayMessageKind.Envelope && kind !== RelayMessageKind.Poke && kind !== RelayMessageKind.Ephemeral) return undefined
  return { kind, body: plain.subarray(1) }
}
