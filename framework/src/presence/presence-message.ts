// A presence message, inside the relay's ephemeral kind (sync/relay-messages.ts, so encrypted
// under the epoch's relay frame key): signed by its device, so a member cannot speak for
// another device, and dated and numbered, so a frame replayed later is dropped.

import type { PrivateKey } from '../crypto/keys.ts'
import { encodeRecord, signRecord, verifyRecord } from '../format/signed-record.ts'
import { fromHex } from '../util/bytes.ts'
import { b64, hex, oneOf, optional, parseRecord, uint, type RecordType } from '../format/record-shape.ts'

const FORMAT = 'clientful/presence'
const MAX_MESSAGE_BYTES = 4096

export interface PresenceMessage {
  readonly format: typeof FORMAT
  readonly v: 1
  readonly ws: string
  readonly device: string
  readonly user: string
  /** Random per session of the device: numbers restart with it. */
  readonly session: string
  readonly seq: number
  /** The sender's clock, ms. */
  readonly at: number
  readonly state: unknown
  /** "Tell me who is here": peers answer with their own presence. */
  readonly ask?: true
  /** The device leaves: drop it now rather than after the timeout. */
  readonly leave?: true
  readonly sig: string
}

export type PresenceFields = Omit<PresenceMessage, 'format' | 'v' | 'sig'>

export async function encodePresence(fields: PresenceFields, signer: PrivateKey): Promise<Uint8Array> {
  return encodeRecord(await signRecord<PresenceMessage>('presence', { format: FORMAT, v: 1, ...fields }, signer))
}

const PRESENCE_RECORD: RecordType = {
  format: FORMAT,
  newest: 1,
  maxBytes: MAX_MESSAGE_BYTES,
  shape: {
    ws: hex(16, 'workspace id'),
    device: hex(32, 'device key'),
    user: hex(32, 'user key'),
    session: hex(8, 'session id'),
    seq: uint(),
    at: uint(),
    ask: optional(oneOf([true])),
    leave: optional(oneOf([true])),
    sig: b64(),
  },
}

/** Parsed and signature-checked, or undefined; the caller checks the device's membership and freshness. */
export async function decodePresence(bytes: Uint8Array, ws: string): Promise<PresenceMessage | undefined> {
  const parsed = parseRecord<PresenceMessage>(bytes, PRESENCE_RECORD)
  if (!parsed.ok || parsed.value.ws !== ws) return undefined
  const message = parsed.value
  return (await verifyRecord('presence', message, fromHex(message.device))) ? message : undefined
}
