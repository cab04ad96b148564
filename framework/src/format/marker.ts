// A device's progress marker, devices/<device>.json: the highest sequence number it has
// uploaded without gaps. Readers list the markers to learn which logs grew, so catching up
// costs one listing plus the new envelopes, not a listing of every log.

import { fromHex } from '../util/bytes.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from './parse.ts'
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

export function parseMarker(bytes: Uint8Array): Parsed<MarkerFile> {
  const parsed = parseJsonObject(bytes, MAX_MARKER_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, MARKER_FORMAT)
  if (bad) return bad
  if (!is.hex(r.ws, 16)) return malformed('field ws must be a workspace id')
  if (!is.hex(r.device, 32)) return malformed('field device must be a 64-hex device key')
  if (!is.uint(r.head)) return malformed('field head must be a non-negative integer')
  if (!is.uint(r.at)) return malformed('field at must be a timestamp')
  if (!is.b64(r.sig)) return malformed('field sig must be base64url')
  return { ok: true, value: r as unknown as MarkerFile }
}

export function verifyMarker(marker: MarkerFile): Promise<boolean> {
  return verifyRecord('marker', marker, fromHex(marker.device))
}
