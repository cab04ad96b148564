// A device's snapshot of a workspace, snapshots/<device>.json: every document saved whole,
// compressed and encrypted under the current epoch, with the vector of per-device sequence
// numbers it covers. A new device starts from the newest valid snapshot and pulls only the
// log after its vector. Each device writes only its own snapshot file, replacing it.
//
// Version 2 also names, per device of the vector, the hash of that device's envelope at the
// vector's number (`tips`): a reader checks the snapshot against those envelopes, which their
// authors signed (sync/snapshots.ts). Version 1 snapshots cannot be checked and are not used.

import { fromBase64Url, fromHex, toBase64Url, utf8Encode } from '../util/bytes.ts'
import { canonicalJson } from '../util/canonical-json.ts'
import { openRandom, sealRandom, type AeadKey } from '../crypto/aead.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from './parse.ts'
import { encodeRecord, signRecord, verifyRecord } from './signed-record.ts'

export const SNAPSHOT_FORMAT = 'clientful/snapshot'
export const SNAPSHOT_VERSION = 2
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024
/** A snapshot names at most this many devices (each costs a reader one envelope read). */
export const MAX_VECTOR_DEVICES = 4096

export interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT
  readonly v: number
  readonly ws: string
  readonly device: string
  readonly epoch: string
  readonly at: number
  /** device id → highest sequence number whose changes (and all before it) are included */
  readonly vector: Readonly<Record<string, number>>
  /** v2: device id → hash of its envelope at vector[device] */
  readonly tips?: Readonly<Record<string, string>>
  readonly ct: string
  readonly sig: string
}

type Header = Omit<SnapshotFile, 'ct' | 'sig'>

function aad(file: Header): Uint8Array {
  const { format, v, ws, device, epoch, at, vector, tips } = file
  return utf8Encode(canonicalJson(v >= 2 ? { format, v, ws, device, epoch, at, vector, tips } : { format, v, ws, device, epoch, at, vector }))
}

export async function sealSnapshot(header: Omit<Header, 'format' | 'v'>, plaintext: Uint8Array, content: AeadKey, signer: PrivateKey): Promise<Uint8Array> {
  const full: Header = { format: SNAPSHOT_FORMAT, v: SNAPSHOT_VERSION, ...header }
  const ct = toBase64Url(await sealRandom(content, plaintext, aad(full)))
  return encodeRecord(await signRecord<SnapshotFile>('snapshot', { ...full, ct }, signer))
}

export function parseSnapshot(bytes: Uint8Array): Parsed<SnapshotFile> {
  const parsed = parseJsonObject(bytes, MAX_SNAPSHOT_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, SNAPSHOT_FORMAT, SNAPSHOT_VERSION)
  if (bad) return bad
  if (!is.hex(r.ws, 16)) return malformed('field ws must be a workspace id')
  if (!is.hex(r.device, 32)) return malformed('field device must be a 64-hex device key')
  if (!is.hex(r.epoch, 8)) return malformed('field epoch must be a 16-hex epoch id')
  if (!is.uint(r.at)) return malformed('field at must be a timestamp')
  const vector = r.vector
  if (typeof vector !== 'object' || vector === null || Array.isArray(vector)) return malformed('field vector must be an object')
  const entries = Object.entries(vector)
  if (entries.length > MAX_VECTOR_DEVICES) return malformed(`field vector names more than ${MAX_VECTOR_DEVICES} devices`)
  for (const [k, v] of entries) if (!is.hex(k, 32) || !is.uint(v)) return malformed('field vector must map device ids to sequence numbers')
  if ((r.v as number) >= 2) {
    const tips = r.tips
    if (typeof tips !== 'object' || tips === null || Array.isArray(tips)) return malformed('field tips must be an object')
    const named = Object.entries(tips)
    if (named.length !== entries.length || named.some(([k, h]) => !(k in vector) || !is.hex(h, 32))) return malformed('field tips must name one envelope hash per device of the vector')
  }
  if (!is.b64(r.ct) || !is.b64(r.sig)) return malformed('fields ct and sig must be base64url')
  return { ok: true, value: r as unknown as SnapshotFile }
}

export function verifySnapshotSignature(file: SnapshotFile): Promise<boolean> {
  return verifyRecord('snapshot', file, fromHex(file.device))
}

export function decryptSnapshot(file: SnapshotFile, content: AeadKey): Promise<Uint8Array | undefined> {
  return openRandom(content, fromBase64Url(file.ct), aad(file))
}
