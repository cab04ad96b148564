// A blob's manifest, blobs/<blobId>/manifest.json: how many chunks of what size make up the
// ciphertext, signed by the uploading device. It is checked (format, signature, the author's
// right to write) before any chunk is fetched. Names, types and the key are not in it: they
// live in the document that references the blob, inside the workspace's encryption.

import { fromHex } from '../util/bytes.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { malformed, type Parsed } from '../format/parse.ts'
import { b64, hex, parseRecord, uint, type RecordType, type ShapeOf } from '../format/record-shape.ts'
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

const MANIFEST_RECORD: RecordType = {
  format: BLOB_FORMAT,
  maxBytes: MAX_MANIFEST_BYTES,
  shape: {
    ws: hex(16, 'workspace id'),
    blob: hex(16, 'blob id'),
    device: hex(32, 'device key'),
    size: uint(),
    chunkSize: uint(1),
    chunks: uint(),
    sig: b64(),
  } satisfies ShapeOf<BlobManifest>,
}

export function parseManifest(bytes: Uint8Array): Parsed<BlobManifest> {
  const parsed = parseRecord<BlobManifest>(bytes, MANIFEST_RECORD)
  if (!parsed.ok) return parsed
  const { size, chunkSize, chunks } = parsed.value
  if (chunks !== chunkCount(size, chunkSize)) return malformed('chunk count does not match size and chunk size')
  return parsed
}

export function verifyManifest(manifest: BlobManifest): Promise<boolean> {
  return verifyRecord('blob-manifest', manifest, fromHex(manifest.device))
}
