// Erasing at the document level. What must go is cut out of a plain copy of the document; what
// is kept becomes a successor document written in one change by this device (a base with no
// history); the erased document is emptied and marked with where its content went, and the
// erasure is listed for the engine, which forgets the old history on every device and in
// storage (docs/ERASURE.md). Admins only: every peer's rules refuse the mark from anyone else.

import * as A from '@automerge/automerge'
import type { WorkspaceApi } from '../../api/workspace-api.ts'
import type { DocHandle } from '../../docs/doc-handle.ts'
import { invalidArgument } from '../../util/errors.ts'
import { ERASED_KEY, MESSAGES, PREVIOUS_KEY, TRASH_PREFIX, TYPE_KEY, entryOfRecordKey, versionOfKey } from '../document-keys.ts'
import { toPlain } from '../plain.ts'
import { parseErasureMark, type ErasureMark } from './erasure-mark.ts'
import { listErasures, recordErasure, type ErasureKind, type ErasureRequest } from './erasure-registry.ts'
import { withoutAttachment, withoutEntries, withoutWritesOf, type Kept } from './kept-content.ts'

export type EraseRefusal = 'forbidden' | 'not-found' | 'erased'

export type EraseResult = { readonly ok: true; readonly request: ErasureRequest } | { readonly ok: false; readonly reason: EraseRefusal; readonly detail: string }

/** Erases a whole document: nothing is kept. */
export function eraseDocument(ws: WorkspaceApi, name: string, now: number = Date.now()): Promise<EraseResult> {
  return erase(ws, name, 'document', now, () => ({ kept: null, blobs: [], member: null }))
}

/** Erases some entries; the rest moves to a successor without history. */
export function eraseEntries(ws: WorkspaceApi, name: string, entries: readonly string[], now: number = Date.now()): Promise<EraseResult> {
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every((e) => typeof e === 'string')) throw invalidArgument('entries', 'a non-empty list of entry keys')
  return erase(ws, name, 'entries', now, (root) => ({ kept: withoutEntries(root, new Set(entries)), blobs: [], member: null }))
}

/** Erases an attachment: its references (and so its key) leave the document; its chunks are to be deleted by their uploader. */
export function eraseAttachment(ws: WorkspaceApi, name: string, blob: string, now: number = Date.now()): Promise<EraseResult> {
  if (typeof blob !== 'string' || !/^[0-9a-f]{32}$/.test(blob)) throw invalidArgument('blob', 'an attachment blob id (32 hex digits)')
  return erase(ws, name, 'attachment', now, (root) => {
    const { kept, uploaders } = withoutAttachment(root, blob)
    return { kept, blobs: uploaders.map((device) => ({ blob, device })), member: null }
  })
}

/** Erases every value a (removed) member's devices wrote that the document still shows. */
export function eraseMemberWrites(ws: WorkspaceApi, name: string, member: string, now: number = Date.now()): Promise<EraseResult> {
  const info = ws.membership.members.get(member)
  if (!info) throw invalidArgument('member', 'a member (user id) of this workspace')
  const devices = new Set(info.devices)
  for (const [id, device] of ws.membership.devices) if (device.record.user === member) devices.add(id)
  return erase(ws, name, 'member', now, (_root, doc) => ({ kept: withoutWritesOf(doc, devices), blobs: [], member }))
}

interface Cut {
  readonly kept: Kept | null
  readonly blobs: ErasureRequest['blobs']
  readonly member: string | null
}

async function erase(ws: WorkspaceApi, name: string, kind: ErasureKind, now: number, cut: (root: Kept, doc: A.Doc<unknown>) => Cut): Promise<EraseResult> {
  if (ws.role !== 'admin') return { ok: false, reason: 'forbidden', detail: 'only admins erase' }
  const handle = await ws.findDoc<Record<string, unknown>>(name)
  if (!handle && (await resolveDocument(ws, name)).erased) return { ok: false, reason: 'erased', detail: `${name} was erased already` }
  if (!handle) return { ok: false, reason: 'not-found', detail: `this device has no document named ${JSON.stringify(name)}` }
  if (handle.doc()[ERASED_KEY] !== undefined) return { ok: false, reason: 'erased', detail: `${name} was erased already` }
  const doc = handle.doc()
  const heads = [...A.getHeads(doc)].sort()
  const { kept, blobs, member } = cut(toPlain(A.toJS(doc)) as Kept, doc)
  const successorName = kept ? successorNameOf(name, heads) : null
  let successor: ErasureRequest['successor'] = null
  if (kept && successorName) {
    const next = await ws.doc<Record<string, unknown>>(successorName)
    // One change on an empty document: what was kept, with no history behind it.
    next.change((d) => {
      for (const [key, value] of Object.entries(kept)) d[key] = structuredClone(baseValue(key, value))
      d[PREVIOUS_KEY] = { name, heads: [...heads] }
    }, MESSAGES.erase)
    successor = { name: successorName, docId: next.id }
  }
  const eraser = ws.membership.devices.get(ws.deviceId)?.record.user ?? ''
  const mark: ErasureMark = { at: now, by: eraser, device: ws.deviceId, heads, successor: successorName }
  handle.change((d) => {
    for (const key of Object.keys(d)) if (key !== TYPE_KEY && versionOfKey(key) === undefined) delete d[key]
    d[ERASED_KEY] = { ...mark, heads: [...heads] }
  }, MESSAGES.erase)
  const request: ErasureRequest = { kind, name, docId: handle.id, heads, successor, blobs, member, at: now, by: eraser, device: ws.deviceId }
  await recordErasure(ws, request)
  // The engine's part: every device forgets the old history and rewrites its own files.
  await ws.erase({ docIds: [handle.id], attachments: blobs })
  return { ok: true, request }
}

/**
 * A kept trash record names heads of the erased history, which the successor does not have:
 * it names none (the base change is not an edit, so the entry stays in the trash).
 */
function baseValue(key: string, value: unknown): unknown {
  return entryOfRecordKey(key, TRASH_PREFIX) !== undefined && value !== null && typeof value === 'object' ? { ...value, heads: [] } : value
}

/** The successor's name: the same for every admin who erases from the same heads. */
function successorNameOf(name: string, heads: readonly string[]): string {
  return `${name.slice(0, 480)}~${heads[0]?.slice(0, 12) ?? 'empty'}`
}

/** The document that holds `name`'s content now, following erasures to their successors. */
export async function resolveDocument(ws: WorkspaceApi, name: string): Promise<{ name: string; handle: DocHandle<Record<string, unknown>> | undefined; erased: boolean }> {
  let current = name
  for (let hops = 0; hops < 32; hops++) {
    const handle = await ws.findDoc<Record<string, unknown>>(current)
    const mark = handle ? parseErasureMark(handle.doc()[ERASED_KEY]) : undefined
    // Forgotten by the engine (its mark went with it) or never here: the list of erasures says.
    const listed = mark || (handle && !handle.erased) ? undefined : (await listErasures(ws)).findLast((r) => r.name === current)
    const successor = mark ? mark.successor : listed?.successor?.name
    if (!mark && !listed) return { name: current, handle, erased: handle?.erased ?? false }
    if (!successor) return { name: current, handle, erased: true }
    current = successor
  }
  return { name: current, handle: undefined, erased: true }
}
