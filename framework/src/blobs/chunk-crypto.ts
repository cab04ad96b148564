// Attachment content as a chunked AEAD stream (the STREAM construction): each file has its
// own random key; chunk i is sealed with AES-256-GCM under a nonce made of the chunk counter
// and a last-chunk flag, with the blob id as associated data. So a flipped bit, a truncation
// (mid-chunk, or at a chunk boundary: the last chunk is missing its flag), reordered chunks
// and a chunk swapped in from another file all fail to open.

import { aeadDecrypt, aeadEncrypt, importAeadKey, type AeadKey } from '../crypto/aead.ts'
import { utf8Encode } from '../util/bytes.ts'

// 4 MiB: a 50 MB file is 13 requests, not 50, which on S3 (s3rver) more than halves the
// client's and the server's per-request work (bench/README.md, suite `attachments`); a
// failed chunk costs at most 4 MiB to resend. Readers take the size from the manifest.
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024

export function chunkNonce(index: number, last: boolean): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('chunk index must be a non-negative integer')
  const nonce = new Uint8Array(12)
  let n = index
  for (let i = 10; i >= 3 && n > 0; i--) {
    nonce[i] = n % 256
    n = Math.floor(n / 256)
  }
  nonce[11] = last ? 1 : 0
  return nonce
}

export function blobKey(raw: Uint8Array): Promise<AeadKey> {
  return importAeadKey(raw)
}

const aad = (blobId: string): Uint8Array => utf8Encode(`clientful/v1/blob/${blobId}`)

export function sealChunk(key: AeadKey, blobId: string, index: number, last: boolean, plaintext: Uint8Array): Promise<Uint8Array> {
  return aeadEncrypt(key, chunkNonce(index, last), plaintext, aad(blobId))
}

/** Undefined unless this is exactly chunk `index` (last or not) of this blob under this key. */
export function openChunk(key: AeadKey, blobId: string, index: number, last: boolean, sealed: Uint8Array): Promise<Uint8Array | undefined> {
  return aeadDecrypt(key, chunkNonce(index, last), sealed, aad(blobId))
}
