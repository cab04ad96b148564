// Whether a text is anywhere in a document's history as a device keeps it: its chunks loaded
// with Automerge, and every state the history passed through rendered as JSON. Scanning the raw
// bytes is not enough: Automerge compresses columns, and text typed key by key is stored as
// one-character insertions.

import * as A from '@automerge/automerge'
import { containsMarker } from './plaintext-scan.ts'
import type { LocalRecord } from './local-data.ts'

/** The chunks of one document among a device's records (keys end with 'doc', its id, the chunk's name). */
export function documentChunks(records: readonly LocalRecord[], docId: string): LocalRecord[] {
  return records.filter(({ key }) => key.at(-3) === 'doc' && key.at(-2) === docId)
}

export function historyHolds(chunks: readonly LocalRecord[], marker: string): boolean {
  if (chunks.some((chunk) => containsMarker(chunk.bytes, marker))) return true
  let doc = A.init<unknown>()
  for (const chunk of [...chunks].sort((a, b) => (a.key.at(-1)! < b.key.at(-1)! ? 1 : -1))) doc = A.loadIncremental(doc, chunk.bytes)
  try {
    for (const change of A.getAllChanges(doc)) {
      const hash = A.decodeChange(change).hash
      if (hash && JSON.stringify(A.view(doc, [hash])).includes(marker)) return true
    }
    return false
  } finally {
    A.free(doc)
  }
}
