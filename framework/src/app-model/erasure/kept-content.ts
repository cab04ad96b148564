// What a history-free successor keeps of a document, for each kind of erasure: nothing (the
// whole document), all but some entries, all but an attachment's references (a reference holds
// the attachment's key), or all but the values a member wrote. Works on plain copies.

import * as A from '@automerge/automerge'
import { isAttachmentRef } from '../../blobs/attachment-ref.ts'
import { ERASED_KEY, PREVIOUS_KEY, RESTORED_PREFIX, TRASH_PREFIX, entryOfRecordKey, isEntryKey } from '../document-keys.ts'
import { toPlain } from '../plain.ts'
import { deviceOfActor } from '../trash/edits-since-delete.ts'

export type Kept = Record<string, unknown>

/** The document without the given entries (and their trash records and notices). */
export function withoutEntries(root: Kept, entries: ReadonlySet<string>): Kept {
  const kept: Kept = {}
  for (const [key, value] of Object.entries(root)) {
    if (key === ERASED_KEY || key === PREVIOUS_KEY) continue
    const about = isEntryKey(key) ? key : (entryOfRecordKey(key, TRASH_PREFIX) ?? entryOfRecordKey(key, RESTORED_PREFIX))
    if (about !== undefined && entries.has(about)) continue
    kept[key] = value
  }
  return kept
}

/** The document with every reference to blob `blob` removed; the uploading devices found. */
export function withoutAttachment(root: Kept, blob: string): { kept: Kept; uploaders: string[] } {
  const uploaders = new Set<string>()
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.filter((v) => !(isAttachmentRef(v) && v.blob === blob)).map(strip)
    if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value
    const out: Kept = {}
    for (const [key, inner] of Object.entries(value)) {
      if (isAttachmentRef(inner) && inner.blob === blob) uploaders.add(inner.device)
      else out[key] = strip(inner)
    }
    return out
  }
  const kept = withoutEntries(strip(root) as Kept, new Set())
  return { kept, uploaders: [...uploaders].sort() }
}

/**
 * The document without the values whose current write is by one of `devices` (a removed
 * member's): at any depth, a key or list element they set is dropped, with everything inside
 * it. Characters they typed into text someone else created stay (see docs/ERASURE.md).
 */
export function withoutWritesOf(doc: A.Doc<unknown>, devices: ReadonlySet<string>): Kept {
  const backend = A.getBackend(doc)
  const walk = (obj: string, isList: boolean): unknown => {
    const props: A.Prop[] = isList ? Array.from({ length: backend.length(obj) }, (_, i) => i) : backend.keys(obj)
    const out: unknown[] | Kept = isList ? [] : {}
    for (const prop of props) {
      const values = backend.getAll(obj, prop) as unknown as unknown[][]
      const winner = values.map((v) => ({ v, op: String(v[v.length - 1]) })).sort((a, b) => compareOps(b.op, a.op))[0]
      if (!winner || devices.has(deviceOfActor(winner.op.slice(winner.op.indexOf('@') + 1)))) continue
      const [kind, value] = winner.v as [string, unknown]
      let plain: unknown
      if (kind === 'map' || kind === 'list') plain = walk(value as string, kind === 'list')
      else if (kind === 'text') plain = toPlain(backend.materialize(value as string))
      else plain = toPlain(backend.get(obj, prop))
      if (Array.isArray(out)) out.push(plain)
      else out[String(prop)] = plain
    }
    return out
  }
  return withoutEntries(walk('_root', false) as Kept, new Set())
}

/** Automerge's order of operations: counter first, then actor. */
function compareOps(a: string, b: string): number {
  const [ca, aa] = [Number(a.slice(0, a.indexOf('@'))), a.slice(a.indexOf('@') + 1)]
  const [cb, ab] = [Number(b.slice(0, b.indexOf('@'))), b.slice(b.indexOf('@') + 1)]
  return ca - cb || (aa < ab ? -1 : aa > ab ? 1 : 0)
}
