// Change envelopes: one device's coalesced changes, encrypted with the epoch's content key
// (the header is the AEAD's associated data) and signed by the device over header and
// ciphertext. Stored at log/<device>/<seq>.json and sent verbatim through the relay.

import { canonicalJson } from '../util/canonical-json.ts'
import { fromBase64Url, fromHex, toBase64Url, utf8Encode } from '../util/bytes.ts'
import { openRandom, sealRandom, type AeadKey } from '../crypto/aead.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from './parse.ts'
import { encodeRecord, signRecord, verifyRecord } from './signed-record.ts'
import { FORMAT_VERSION } from './version.ts'

export const ENVELOPE_FORMAT = 'clientful/envelope'
/** Larger files are refused unread; writers split batches well below this. */
export const MAX_ENVELOPE_BYTES = 16 * 1024 * 1024

export interface EnvelopeHeader {
  readonly format: typeof ENVELOPE_FORMAT
  readonly v: number
  readonly ws: string
  readonly device: string
  readonly seq: number
  /** Epoch id: 16 hex characters derived from the epoch secret. */
  readonly epoch: string
}

export interface EnvelopeFile extends EnvelopeHeader {
  /** base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag) */
  readonly ct: string
  readonly sig: string
}

function headerOf(file: EnvelopeHeader): EnvelopeHeader {
  const { format, v, ws, device, seq, epoch } = file
  return { format, v, ws, device, seq, epoch }
}

function aad(header: EnvelopeHeader): Uint8Array {
  return utf8Encode(canonicalJson(headerOf(header)))
}

export function envelopeHeader(ws: string, device: string, seq: number, epoch: string): EnvelopeHeader {
  return { format: ENVELOPE_FORMAT, v: FORMAT_VERSION, ws, device, seq, epoch }
}

export async function sealEnvelope(header: EnvelopeHeader, plaintext: Uint8Array, content: AeadKey, signer: PrivateKey): Promise<EnvelopeFile> {
  const ct = toBase64Url(await sealRandom(content, plaintext, aad(header)))
  return signRecord<EnvelopeFile>('envelope', { ...headerOf(header), ct }, signer)
}

export function encodeEnvelope(file: EnvelopeFile): Uint8Array {
  return encodeRecord(file)
}

export function parseEnvelope(bytes: Uint8Array): Parsed<EnvelopeFile> {
  const parsed = parseJsonObject(bytes, MAX_ENVELOPE_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, ENVELOPE_FORMAT)
  if (bad) return bad
  if (!is.hex(r.ws, 16)) return malformed('field ws must be a 32-hex workspace id')
  if (!is.hex(r.device, 32)) return malformed('field device must be a 64-hex device key')
  if (!is.uint(r.seq) || r.seq < 1) return malformed('field seq must be a positive integer')
  if (!is.hex(r.epoch, 8)) return malformed('field epoch must be a 16-hex epoch id')
  if (!is.b64(r.ct)) return malformed('field ct must be base64url')
  if (!is.b64(r.sig)) return malformed('field sig must be base64url')
  return { ok: true, value: r as unknown as EnvelopeFile }
}

/** The device id is its Ed25519 public key, so the signature needs no other lookup. */
export function verifyEnvelopeSignature(file: EnvelopeFile): Promise<boolean> {
  return verifyRecord('envelope', file, fromHex(file.device))
}

export function decryptEnvelope(file: EnvelopeFile, content: AeadKey): Promise<Uint8Array | undefined> {
  let sealed: Uint8Array
  try {
    sealed = fromBase64Url(file.ct)
  } catch {
    return Promise.resolve(undefined)
  }
  return openRandom(content, sealed, aad(file))
}

export { malformed }
