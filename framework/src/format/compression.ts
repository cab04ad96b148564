// deflate-raw through the platform's CompressionStream (browsers and Node 18+). Batches of
// Automerge changes shrink about 3× before encryption; decompression is bounded so a hostile
// batch cannot exhaust memory.

import { concatBytes, exactBytes } from '../util/bytes.ts'

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | undefined> {
  const stream = new Blob([exactBytes(bytes)]).stream().pipeThrough(transform)
  const reader = stream.getReader()
  const parts: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.length
      if (total > limit) {
        await reader.cancel()
        return undefined
      }
      parts.push(value)
    }
  } catch {
    return undefined
  }
  return concatBytes(...parts)
}

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const out = await pipe(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER)
  if (!out) throw new Error('compression failed')
  return out
}

/** Undefined when the input is not valid deflate data or inflates past `limit` bytes. */
export function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | undefined> {
  return pipe(bytes, new DecompressionStream('deflate-raw'), limit)
}
