// Change envelopes: one device's coalesced changes, encrypted with the epoch's content key
// (the header is the AEAD's associated data) and signed by the device over header and
// ciphertext. Stored at log/<device>/<seq>.json and sent verbatim through the relay.
//
// Version 2 headers also sign `prev`, the hash of the device's previous envelope (a chain: two
// envelopes for one number cannot both link into what a reader applied), and `own`, the digest
// of everything the device has sealed (sync/own-heads.ts: snapshots are checked against it).
// Version 1 envelopes stay readable.
//
// Version 3 is a redacted envelope (docs/ERASURE.md): the device's own envelope rewritten, at
// the same number, without the changes of documents an erasure named. It signs `redacts`, the
// erasure entry's hash, and `of`, the chain hash of the envelope it replaces, which stays what
// the chain names: the next envelope's `prev` and every peer that applied the original agree.

import { sha256 } from '@noble/hashes/sha2.js'
import { canonicalJson } from '../util/canonical-json.ts'
import { fromBase64Url, fromHex, toBase64Url, toHex, utf8Encode } from '../util/bytes.ts'
import { openRandom, sealRandom, type AeadKey } from '../crypto/aead.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { is, malformed, type Parsed } from './parse.ts'
import { b64, hex, optional, parseRecord, string, uint, type RecordType, type ShapeOf } from './record-shape.ts'
import { encodeRecord, signRecord, verifyRecord } from './signed-record.ts'

export const ENVELOPE_FORMAT = 'clientful/envelope'
/** Envelopes this build writes. */
export const ENVELOPE_VERSION = 2
/** What this build writes when it redacts one of its own envelopes, and the newest it reads. */
export const REDACTED_ENVELOPE_VERSION = 3
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
  /** v2: hash of this device's envelope seq - 1 ('' for seq 1). */
  readonly prev?: string
  /** v2: digest of the device's sealed-changes map after this envelope (own-heads.ts). */
  readonly own?: string
  /** v3: hash of the erasure entry this redaction carries out. */
  readonly redacts?: string
  /** v3: chain hash of the envelope this one replaces. */
  readonly of?: string
}

export interface EnvelopeFile extends EnvelopeHeader {
  /** base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag) */
  readonly ct: string
  readonly sig: string
}

function headerOf(file: EnvelopeHeader): EnvelopeHeader {
  const { format, v, ws, device, seq, epoch, prev, own, redacts, of } = file
  if (v >= 3) return { format, v, ws, device, seq, epoch, prev: prev ?? '', own: own ?? '', redacts: redacts ?? '', of: of ?? '' }
  return v >= 2 ? { format, v, ws, device, seq, epoch, prev: prev ?? '', own: own ?? '' } : { format, v, ws, device, seq, epoch }
}

function aad(header: EnvelopeHeader): Uint8Array {
  return utf8Encode(canonicalJson(headerOf(header)))
}

export function envelopeHeader(ws: string, device: string, seq: number, epoch: string, chain: { prev: string; own: string }): EnvelopeHeader {
  return { format: ENVELOPE_FORMAT, v: ENVELOPE_VERSION, ws, device, seq, epoch, prev: chain.prev, own: chain.own }
}

/** The header of a redaction of `original` (same number and chain links, a new epoch). */
export function redactedHeader(original: EnvelopeHeader & { readonly ct?: string; readonly sig?: string }, epoch: string, own: string, erasure: string): EnvelopeHeader {
  const { ws, device, seq, prev } = original
  return { format: ENVELOPE_FORMAT, v: REDACTED_ENVELOPE_VERSION, ws, device, seq, epoch, prev: prev ?? '', own, redacts: erasure, of: envelopeHash(original as EnvelopeFile) }
}

/**
 * What `prev` names: SHA-256 of the envelope's canonical JSON (any reader recomputes it), or for
 * a redacted envelope the hash of the original it stands for.
 */
export function envelopeHash(file: EnvelopeFile): string {
  return file.of ?? toHex(sha256(utf8Encode(canonicalJson(file))))
}

export async function sealEnvelope(header: EnvelopeHeader, plaintext: Uint8Array, content: AeadKey, signer: PrivateKey): Promise<EnvelopeFile> {
  const ct = toBase64Url(await sealRandom(content, plaintext, aad(header)))
  return signRecord<EnvelopeFile>('envelope', { ...headerOf(header), ct }, signer)
}

export function encodeEnvelope(file: EnvelopeFile): Uint8Array {
  return encodeRecord(file)
}

/** The envelope's fields; `prev` and `own` belong to version 2 and are checked with the version below. */
const ENVELOPE_RECORD: RecordType = {
  format: ENVELOPE_FORMAT,
  newest: REDACTED_ENVELOPE_VERSION,
  maxBytes: MAX_ENVELOPE_BYTES,
  prefix: 'field ',
  shape: {
    ws: hex(16, 'workspace id'),
    device: hex(32, 'device key'),
    seq: uint(1),
    epoch: hex(8, 'epoch id'),
    prev: optional(string(64)),
    own: optional(hex(32, 'digest')),
    redacts: optional(hex(32, 'entry hash')),
    of: optional(hex(32, 'envelope hash')),
    ct: b64(),
    sig: b64(),
  } satisfies ShapeOf<EnvelopeFile>,
}

export function parseEnvelope(bytes: Uint8Array): Parsed<EnvelopeFile> {
  const parsed = parseRecord<EnvelopeFile>(bytes, ENVELOPE_RECORD)
  if (!parsed.ok) return parsed
  const r = parsed.value
  if (r.v >= 2) {
    if (r.seq === 1 ? r.prev !== '' : !is.hex(r.prev, 32)) return malformed("field prev must be the previous envelope's hash ('' for #1)")
    if (r.own === undefined) return malformed('field own must be a 64-hex digest')
  } else if (r.prev !== undefined || r.own !== undefined) {
    return malformed('fields prev and own belong to version 2')
  }
  if (r.v >= 3 ? r.redacts === undefined || r.of === undefined : r.redacts !== undefined || r.of !== undefined) {
    return malformed('fields redacts and of belong to version 3 (a redacted envelope), and it has both')
  }
  return parsed
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
