// A forwarding note, <ws>/moved/<device>.json: left in a storage location whose workspace files
// were deleted after the team moved elsewhere, so a device that was offline through the move can
// follow. It names the remaining locations (and the credentials shared for them), encrypted
// under the epoch's content key and signed by the device that deleted the files.

import { fromBase64Url, fromHex, toBase64Url, utf8Decode, utf8Encode } from '../util/bytes.ts'
import { canonicalJson } from '../util/canonical-json.ts'
import { openRandom, sealRandom, type AeadKey } from '../crypto/aead.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import type { Parsed } from './parse.ts'
import { b64, hex, parseRecord, uint, type RecordType, type ShapeOf } from './record-shape.ts'
import { encodeRecord, signRecord, verifyRecord } from './signed-record.ts'

export const FORWARDING_FORMAT = 'clientful/moved'
export const FORWARDING_VERSION = 1
export const MAX_FORWARDING_BYTES = 64 * 1024

export const forwardingPaths = {
  prefix: (ws: string) => `${ws}/moved/`,
  note: (ws: string, device: string) => `${ws}/moved/${device}.json`,
}

export interface ForwardingFile {
  readonly format: typeof FORWARDING_FORMAT
  readonly v: number
  readonly ws: string
  readonly device: string
  readonly epoch: string
  readonly at: number
  /** base64url(nonce ‖ AES-256-GCM(content key, JSON Forwarding, AAD = canonical header)) */
  readonly ct: string
  readonly sig: string
}

/** Where the workspace is now: the primary first. */
export interface Forwarding {
  readonly locations: readonly { readonly url: string; readonly credentials?: StorageCredentials }[]
}

type Header = Omit<ForwardingFile, 'ct' | 'sig'>

const aad = ({ format, v, ws, device, epoch, at }: Header): Uint8Array => utf8Encode(canonicalJson({ format, v, ws, device, epoch, at }))

export async function sealForwarding(fields: Omit<Header, 'format' | 'v'>, forwarding: Forwarding, content: AeadKey, signer: PrivateKey): Promise<Uint8Array> {
  const header: Header = { format: FORWARDING_FORMAT, v: FORWARDING_VERSION, ...fields }
  const ct = toBase64Url(await sealRandom(content, utf8Encode(JSON.stringify(forwarding)), aad(header)))
  return encodeRecord(await signRecord<ForwardingFile>('moved', { ...header, ct }, signer))
}

const FORWARDING_RECORD: RecordType = {
  format: FORWARDING_FORMAT,
  newest: FORWARDING_VERSION,
  maxBytes: MAX_FORWARDING_BYTES,
  prefix: 'field ',
  shape: {
    ws: hex(16, 'workspace id'),
    device: hex(32, 'device key'),
    epoch: hex(8, 'epoch id'),
    at: uint(0, 'must be a timestamp'),
    ct: b64(),
    sig: b64(),
  } satisfies ShapeOf<ForwardingFile>,
}

export function parseForwarding(bytes: Uint8Array): Parsed<ForwardingFile> {
  return parseRecord<ForwardingFile>(bytes, FORWARDING_RECORD)
}

export function verifyForwardingSignature(file: ForwardingFile): Promise<boolean> {
  return verifyRecord('moved', file, fromHex(file.device))
}

/** The locations a note names, or undefined when it does not decrypt or is not a list of them. */
export async function openForwarding(file: ForwardingFile, content: AeadKey): Promise<Forwarding | undefined> {
  let plain: Uint8Array | undefined
  try {
    plain = await openRandom(content, fromBase64Url(file.ct), aad(file))
  } catch {
    return undefined
  }
  if (!plain) return undefined
  try {
    const value = JSON.parse(utf8Decode(plain)) as { locations?: unknown }
    const locations = value.locations
    if (!Array.isArray(locations) || locations.length === 0 || locations.length > 64) return undefined
    for (const l of locations as { url?: unknown; credentials?: unknown }[]) {
      if (typeof l?.url !== 'string' || l.url.length === 0 || l.url.length > 2048) return undefined
      const c = l.credentials
      if (c !== undefined && (typeof c !== 'object' || c === null || Array.isArray(c) || !Object.values(c).every((x) => typeof x === 'string'))) return undefined
    }
    return { locations: locations as Forwarding['locations'] }
  } catch {
    return undefined
  }
}
