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
import { malformed, type Parsed } from './parse.ts'
import { b64, hex, map, optional, parseRecord, uint, type RecordType, type ShapeOf } from './record-shape.ts'
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

/** The snapshot's fields; `tips` belongs to version 2 and must match the vector (below). */
const SNAPSHOT_RECORD: RecordType = {
  format: SNAPSHOT_FORMAT,
  newest: SNAPSHOT_VERSION,
  maxBytes: MAX_SNAPSHOT_BYTES,
  prefix: 'field ',
  shape: {
    ws: hex(16, 'workspace id'),
    device: hex(32, 'device key'),
    epoch: hex(8, 'epoch id'),
    at: uint(0, 'must be a timestamp'),
    vector: map(hex(32, 'device id'), uint(), MAX_VECTOR_DEVICES, `must map at most ${MAX_VECTOR_DEVICES} device ids to sequence numbers`),
    tips: optional(map(hex(32, 'device id'), hex(32, 'envelope hash'), MAX_VECTOR_DEVICES, 'must be an object of device id → envelope hash')),
    ct: b64(),
    sig: b64(),
  } satisfies ShapeOf<SnapshotFile>,
}

export function parseSnapshot(bytes: Uint8Array): Parsed<SnapshotFile> {
  const parsed = parseRecord<SnapshotFile>(bytes, SNAPSHOT_RECORD)
  if (!parsed.ok) return parsed
  const { v, vector, tips } = parsed.value
  if (v >= 2) {
    const named = tips === undefined ? undefined : Object.keys(tips)
    if (!named || named.length !== Object.keys(vector).length || !named.every((device) => Object.hasOwn(vector, device))) {
      return malformed('field tips must name one envelope hash per device of the vector')
    }
  }
  return parsed
}

export function verifySnapshotSignature(file: SnapshotFile): Promise<boolean> {
  return verifyRecord('snapshot', file, fromHex(file.device))
}

export function decryptSnapshot(file: SnapshotFile, content: AeadKey): Promise<Uint8Array | undefined> {
  return openRandom(content, fromBase64Url(file.ct), aad(file))
}
