// The plaintext inside an envelope: Automerge changes grouped by document.
//   u8 version (1) · u32 document count · per document: 16-byte id · u32 change count ·
//   per change: u32 length · bytes.   (all integers big-endian)
// Sealed batches are compressed: u8 2 · deflate-raw of the version-1 batch above.

import { concatBytes, fromHex, toHex } from '../util/bytes.ts'
import { deflate, inflate } from './compression.ts'
import { malformed, type Parsed } from './parse.ts'

export interface DocChanges {
  readonly docId: string
  readonly changes: readonly Uint8Array[]
}

const BATCH_VERSION = 1
const COMPRESSED = 2
/** A batch never inflates past this: the largest envelope plaintext with ample margin. */
const MAX_BATCH_BYTES = 64 * 1024 * 1024

export async function compressBatch(batch: Uint8Array): Promise<Uint8Array> {
  return concatBytes(new Uint8Array([COMPRESSED]), await deflate(batch))
}

/** Accepts a plain (version 1) or compressed (version 2) batch. */
export async function decodeSealedBatch(bytes: Uint8Array): Promise<Parsed<DocChanges[]>> {
  if (bytes[0] !== COMPRESSED) return decodeChangeBatch(bytes)
  const inflated = await inflate(bytes.subarray(1), MAX_BATCH_BYTES)
  return inflated ? decodeChangeBatch(inflated) : malformed('compressed change batch does not inflate (corrupt or over the size limit)')
}

export function encodeChangeBatch(docs: readonly DocChanges[]): Uint8Array {
  let size = 1 + 4
  for (const doc of docs) {
    size += 16 + 4
    for (const change of doc.changes) size += 4 + change.length
  }
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  out[0] = BATCH_VERSION
  view.setUint32(1, docs.length)
  let offset = 5
  for (const doc of docs) {
    out.set(fromHex(doc.docId), offset)
    view.setUint32(offset + 16, doc.changes.length)
    offset += 20
    for (const change of doc.changes) {
      view.setUint32(offset, change.length)
      out.set(change, offset + 4)
      offset += 4 + change.length
    }
  }
  return out
}

export function decodeChangeBatch(bytes: Uint8Array): Parsed<DocChanges[]> {
  if (bytes.length < 5) return malformed('change batch is truncated')
  if (bytes[0] !== BATCH_VERSION) return malformed(`unknown change batch version ${bytes[0]}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const docCount = view.getUint32(1)
  const docs: DocChanges[] = []
  let offset = 5
  for (let d = 0; d < docCount; d++) {
    if (offset + 20 > bytes.length) return malformed('change batch is truncated')
    const docId = toHex(bytes.subarray(offset, offset + 16))
    const count = view.getUint32(offset + 16)
    offset += 20
    const changes: Uint8Array[] = []
    for (let c = 0; c < count; c++) {
      if (offset + 4 > bytes.length) return malformed('change batch is truncated')
      const length = view.getUint32(offset)
      if (offset + 4 + length > bytes.length) return malformed('change batch is truncated')
      changes.push(bytes.slice(offset + 4, offset + 4 + length))
      offset += 4 + length
    }
    docs.push({ docId, changes })
  }
  if (offset !== bytes.length) return malformed('change batch has trailing bytes')
  return { ok: true, value: docs }
}
