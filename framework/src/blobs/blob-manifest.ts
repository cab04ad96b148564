// A blob's manifest, blobs/<blobId>/manifest.json: how many chunks of what size make up the
// ciphertext, signed by the uploading device. It is checked (format, signature, the author's
// right to write) before any chunk is fetched. Names, types and the key are not in it: they
// live in the document that references the blob, inside the workspace's encryption.

import { fromHex } from '../util/bytes.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { checkHeader, is, malformed, parseJsonObject, type Parsed } from '../format/parse.ts'
import { encodeRecord, signRecord, verifyRecord } from '../format/signed-record.ts'
import { FORMAT_VERSION } from '../format/version.ts'

export const BLOB_FORMAT = 'clientful/blob'
/** A manifest is a few hundred bytes; readers take no more than this. */
export const MAX_MANIFEST_BYTES = 4096

export interface BlobManifest {
  readonly format: typeof BLOB_FORMAT
  readonly v: number
  readonly ws: string
  readonly blob: string
  readonly device: string
  /** Plaintext size in bytes. */
  readonly size: number
  readonly chunkSize: number
  readonly chunks: number
  readonly sig: string
}

export const blobPaths = {
  prefix: (ws: string, blob: string) => `${ws}/blobs/${blob}/`,
  manifest: (ws: string, blob: string) => `${ws}/blobs/${blob}/manifest.json`,
  chunk: (ws: string, blob: string, index: number) => `${ws}/blobs/${blob}/${String(index).padStart(8, '0')}.bin`,
}

export function chunkCount(size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize))
}

export async function createManifest(fields: Omit<BlobManifest, 'format' | 'v' | 'sig'>, signer: PrivateKey): Promise<Uint8Array> {
  return encodeRecord(await signRecord<BlobManifest>('blob-manifest', { format: BLOB_FORMAT, v: FORMAT_VERSION, ...fields }, signer))
}

export function parseManifest(bytes: Uint8Array): Parsed<BlobManifest> {
  const parsed = parseJsonObject(bytes, MAX_MANIFEST_BYTES)
  if (!parsed.ok) return parsed
  const r = parsed.value
  const bad = checkHeader(r, BLOB_FORMAT)
  if (bad) return bad
  if (!is.hex(r.ws, 16) || !is.hex(r.blob, 16) || !is.hex(r.device, 32)) return malformed('ws, blob and device must be hex ids')
  if (!is.uint(r.size) || !is.uint(r.chunkSize) || r.chunkSize < 1 || !is.uint(r.chunks)) return malformed('size, chunkSize and chunks must be integers')
  if (r.chunks !== chunkCount(r.size, r.chunkSize)) return malformed('chunk count does not match size and chunk size')
  if (!is.b64(r.sig)) return malformed('sig must be base64url')
  return { ok: true, value: r as unknown as BlobManifest }
}

export function verifyManifest(manifest: BlobManifest): Promise<boolean> {
  return verifyRecord('blob-manifest', manifest, fromHex(manifest.device))
}
