// A device's progress marker, devices/<device>.json: the highest sequence number it has
// uploaded without gaps. Readers list the markers to learn which logs grew, so catching up
// costs one listing plus the new envelopes, not a listing of every log.

import { fromHex } from '../util/bytes.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { Parsed } from './parse.ts'
import { b64, hex, parseRecord, uint, type RecordType, type ShapeOf } from './record-shape.ts'
import { encodeRecord, signRecord, verifyRecord } from './signed-record.ts'
import { FORMAT_VERSION } from './version.ts'

export const MARKER_FORMAT = 'clientful/marker'
export const MAX_MARKER_BYTES = 4096

export interface MarkerFile {
  readonly format: typeof MARKER_FORMAT
  readonly v: number
  readonly ws: string
  readonly device: string
  readonly head: number
  readonly at: number
  readonly sig: string
}

export async function createMarker(ws: string, device: string, head: number, at: number, signer: PrivateKey): Promise<Uint8Array> {
  const marker = await signRecord<MarkerFile>('marker', { format: MARKER_FORMAT, v: FORMAT_VERSION, ws, device, head, at }, signer)
  return encodeRecord(marker)
}

const MARKER_RECORD: RecordType = {
  format: MARKER_FORMAT,
  maxBytes: MAX_MARKER_BYTES,
  prefix: 'field ',
  shape: {
    ws: hex(16, 'workspace id'),
    device: hex(32, 'device key'),
    head: uint(),
    at: uint(0, 'must be a timestamp'),
    sig: b64(),
  } satisfies ShapeOf<MarkerFile>,
}

export function parseMarker(bytes: Uint8Array): Parsed<MarkerFile> {
  return parseRecord<MarkerFile>(bytes, MARKER_RECORD)
}

export function verifyMarker(marker: MarkerFile): Promise<boolean> {
  return verifyRecord('marker', marker, fromHex(marker.device))
}
