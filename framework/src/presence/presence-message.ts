// A presence message, inside the relay's ephemeral kind (sync/relay-messages.ts, so encrypted
// under the epoch's relay frame key): signed by its device, so a member cannot speak for
// another device, and dated and numbered, so a frame replayed later is dropped.

import type { PrivateKey } from '../crypto/keys.ts'
import { encodeRecord, signRecord, verifyRecord } from '../format/signed-record.ts'
import { fromHex, utf8Decode } from '../util/bytes.ts'

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

/** Parsed and signature-checked, or undefined; the caller checks the device's membership and freshness. */
export async function decodePresence(bytes: Uint8Array, ws: string): Promise<PresenceMessage | undefined> {
  if (bytes.length > MAX_MESSAGE_BYTES) return undefined
  let json: unknown
  try {
    json = JSON.parse(utf8Decode(bytes))
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null) return undefined
  const m = json as Record<string, unknown>
  if (m.format !== FORMAT || m.v !== 1 || m.ws !== ws) return undefined
  if (typeof m.device !== 'string' || !/^[0-9a-f]{64}$/.test(m.device) || typeof m.user !== 'string' || !/^[0-9a-f]{64}$/.test(m.user)) return undefined
  if (typeof m.session !== 'string' || !/^[0-9a-f]{16}$/.test(m.session)) return undefined
  if (!Number.isSafeInteger(m.seq) || !Number.isSafeInteger(m.at)) return undefined
  if (m.ask !== undefined && m.ask !== true) return undefined
  if (m.leave !== undefined && m.leave !== true) return undefined
  const message = m as unknown as PresenceMessage
  return (await verifyRecord('presence', message, fromHex(message.device))) ? message : undefined
}
