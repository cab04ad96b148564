// Loads and persists a workspace's Automerge documents on the device. Each document is a
// compacted snapshot plus incremental chunks (as automerge-repo stores them); edits are saved
// shortly after they happen and flush() waits for that. Every document is opened with this
// device's actor id, so everything written locally is attributable to this device. Documents
// load only when opened: a workspace of thousands opens as fast as one of ten, and documents
// that arrive whole (a snapshot) go to the disk without being loaded (importSaved).

import * as A from '@automerge/automerge'
import { toHex } from '../util/bytes.ts'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8Encode } from '../util/bytes.ts'
import type { LocalStore } from '../local/local-store.ts'
import { Emitter } from '../util/events.ts'
import { Mutex } from '../util/async.ts'
import { DocHandle, type ChangeOrigin } from './doc-handle.ts'

/**
 * Compact a document once at least this many incremental chunks have piled up and they
 * weigh a quarter of the last full save (so a large document is not rewritten for every
 * few keystrokes), or once there are very many of them.
 */
const COMPACT_AFTER_CHUNKS = 64
const COMPACT_ALWAYS_AFTER_CHUNKS = 4096

export interface DocStoreEvents extends Record<string, unknown> {
  /** A document changed; `origin` tells local edits from verified remote changes. */
  change: { docId: string; origin: ChangeOrigin }
  /** Every edit made so far to this document is on the device's disk. */
  saved: { docId: string }
}

export class DocStore extends Emitter<DocStoreEvents> {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #actor: string
  readonly #handles = new Map<string, Promise<DocHandle<any>>>()
  readonly #dirty = new Set<string>()
  /** Documents with local edits the outbox has not sealed yet (persisted before the edits),
   *  each with a counter of local edits so a seal only clears what it actually saw. */
  readonly #unsealed = new Map<string, number>()
  /** What the disk says about `#unsealed`; read once, then kept in step with every write. */
  #storedUnsealedSet: Set<string> | undefined
  /** Per document: chunks on disk, bytes written incrementally since, and the last full save's size. */
  readonly #chunks = new Map<string, { count: number; incremental: number; full: number }>()
  readonly #saving = new Mutex()
  /** A save is queued to start once the current task (the edit's) is done. */
  #saveQueued = false
  /** Every document id on this device: read from the disk once, then kept here. */
  #ids: Set<string> | undefined
  /** Ids registered since the index was last written: it is written with the next flush. */
  #indexDirty = false
  /** Documents the workspace erased: never stored or loaded here again. */
  #forgotten: Set<string> | undefined

  /** @param prefix local key prefix for this workspace's documents */
  constructor(local: LocalStore, prefix: readonly string[], actor: string) {
    super()
    this.#local = local
    this.#prefix = prefix
    this.#actor = actor
  }

  get actor(): string {
    return this.#actor
  }

  /** Ids of every document stored on this device, sorted. */
  async ids(): Promise<string[]> {
    return [...(await this.#knownIds())].sort()
  }

  async has(docId: string): Promise<boolean> {
    return (await this.#knownIds()).has(docId)
  }

  async #knownIds(): Promise<Set<string>> {
    this.#ids ??= new Set(await this.#local.getJson<string[]>([...this.#prefix, 'index']))
    return this.#ids
  }

  /** Opens a document, creating an empty one when the device has never seen it. */
  open<T>(docId: string): Promise<DocHandle<T>> {
    let handle = this.#handles.get(docId)
    if (!handle) {
      handle = this.#load<T>(docId)
      this.#handles.set(docId, handle)
      handle.catch(() => this.#handles.delete(docId))
    }
    return handle as Promise<DocHandle<T>>
  }

  async #load<T>(docId: string): Promise<DocHandle<T>> {
    if ((await this.forgotten()).has(docId)) {
      const handle = new DocHandle<T>(docId, A.init<T>(), () => undefined)
      handle.forget()
      return handle
    }
    // Snapshots ('s…') before incremental chunks ('i…'): fewer queued changes while loading.
    const chunks = (await this.#local.range([...this.#prefix, 'doc', docId])).sort(
      (a, b) => Number(b.key.at(-1)!.startsWith('s')) - Number(a.key.at(-1)!.startsWith('s')),
    )
    let doc = A.init<T>({ actor: this.#actor })
    let full = 0
    for (const chunk of chunks) {
      doc = A.loadIncremental(doc, chunk.data)
      if (chunk.key.at(-1)!.startsWith('s')) full += chunk.data.length
    }
    this.#chunks.set(docId, { count: chunks.length, incremental: 0, full })
    if (chunks.length === 0) await this.#register(docId)
    return new DocHandle<T>(docId, doc, (handle, origin) => this.#changed(handle.id, origin))
  }

  /**
   * A tab that becomes the device's engine brings the documents its app holds open: what the
   * disk has joins each of them, and from then on they are this store's — their edits saved
   * and sealed here, including any the previous engine had not confirmed yet.
   */
  async adopt(handle: DocHandle<any>): Promise<void> {
    const known = this.#handles.get(handle.id)
    const stored = known ? await known : await this.#load(handle.id)
    handle.rebind((h, origin) => this.#changed(h.id, origin))
    this.#handles.set(handle.id, Promise.resolve(handle))
    handle.mergeSaved(A.save(stored.doc()))
    this.#changed(handle.id, 'local')
  }

  /** Written with the next flush, with the document's first chunk: one index write per flush, not per document. */
  async #register(docId: string): Promise<void> {
    const ids = await this.#knownIds()
    if (ids.has(docId)) return
    ids.add(docId)
    this.#indexDirty = true
  }

  /**
   * Whole documents from elsewhere (a verified snapshot), saved as they are: those open here are
   * merged into their handles, the others go to the disk unloaded, in one batch of writes.
   */
  async importSaved(documents: readonly { docId: string; saved: Uint8Array }[]): Promise<void> {
    const unloaded: [readonly string[], Uint8Array][] = []
    const forgotten = await this.forgotten()
    for (const { docId, saved } of documents) {
      if (forgotten.has(docId)) continue
      const handle = this.#handles.get(docId)
      if (handle) (await handle).mergeSaved(saved)
      else {
        await this.#register(docId)
        unloaded.push([[...this.#prefix, 'doc', docId, 's' + toHex(sha256(saved)).slice(0, 32)], saved])
      }
    }
    await this.#saving.run(async () => {
      // The chunks first (any order), then the index that lists them.
      await this.#local.putUnordered(unloaded)
      await this.#local.putMany(this.#indexWrite())
    })
    // A handle opened meanwhile may have read the disk before these chunks: merge into it too.
    for (const [key, saved] of unloaded) {
      const handle = this.#handles.get(key.at(-2)!)
      if (handle) (await handle).mergeSaved(saved)
    }
    await this.flush()
  }

  /** The index, when it has ids the disk does not have yet. */
  #indexWrite(): [readonly string[], Uint8Array][] {
    if (!this.#indexDirty || !this.#ids) return []
    this.#indexDirty = false
    return [[[...this.#prefix, 'index'], utf8Encode(JSON.stringify([...this.#ids].sort()))]]
  }

  #changed(docId: string, origin: ChangeOrigin): void {
    this.#dirty.add(docId)
    if (origin === 'local') this.#unsealed.set(docId, (this.#unsealed.get(docId) ?? 0) + 1)
    // Edits reach the disk as soon as the task that made them ends: a microtask, not a timer,
    // which would wait behind rendering (tabs of one site share a main thread). Edits made in
    // one task share one write.
    if (!this.#saveQueued) {
      this.#saveQueued = true
      queueMicrotask(() => {
        this.#saveQueued = false
        void this.flush()
      })
    }
    this.emit('change', { docId, origin })
  }

  /** Resolves once every change made so far is on the device's disk. */
  flush(): Promise<void> {
    return this.#saving.run(async () => {
      const ids = [...this.#dirty]
      this.#dirty.clear()
      // The record of which documents hold unsealed local edits goes first (in the same
      // IndexedDB transaction), so a crash can never leave an edit on disk the outbox does not know.
      const writes: [readonly string[], Uint8Array][] = [...this.#indexWrite()]
      const unsealed = await this.#unsealedRecord()
      if (unsealed) writes.push([[...this.#prefix, 'unsealed'], utf8Encode(JSON.stringify([...unsealed].sort()))])
      const grown = new Map<string, number>()
      const compact: string[] = []
      for (const docId of ids) {
        const next = await this.#nextChunk(docId)
        if (next === 'compact') compact.push(docId)
        else if (next) {
          writes.push([next.key, next.bytes])
          grown.set(docId, next.bytes.length)
        }
      }
      await this.#local.putMany(writes)
      if (unsealed) this.#storedUnsealedSet = unsealed
      for (const [docId, bytes] of grown) {
        const chunks = this.#chunks.get(docId) ?? { count: 0, incremental: 0, full: 0 }
        this.#chunks.set(docId, { ...chunks, count: chunks.count + 1, incremental: chunks.incremental + bytes })
      }
      for (const docId of compact) await this.#replaceChunks(docId, (await this.#handles.get(docId))!.doc())
      for (const docId of ids) this.emit('saved', { docId })
    })
  }

  /** The set of documents with unsealed edits to store now, if it grew since it was stored. */
  async #unsealedRecord(): Promise<Set<string> | undefined> {
    const stored = await this.#storedUnsealed()
    if ([...this.#unsealed.keys()].every((id) => stored.has(id))) return undefined
    return new Set([...stored, ...this.#unsealed.keys()])
  }

  async #storedUnsealed(): Promise<ReadonlySet<string>> {
    if (!this.#storedUnsealedSet) {
      const stored = new Set(await this.#local.getJson<string[]>([...this.#prefix, 'unsealed']))
      for (const id of stored) if (!this.#unsealed.has(id)) this.#unsealed.set(id, 0)
      this.#storedUnsealedSet = stored
    }
    return this.#storedUnsealedSet
  }

  /** Whether local edits are waiting to be sealed (as far as this session knows). */
  get hasUnsealed(): boolean {
    return this.#unsealed.size > 0
  }

  /** Documents whose local edits may not be sealed into envelopes yet, with edit counters. */
  async unsealed(): Promise<ReadonlyMap<string, number>> {
    await this.#storedUnsealed()
    return new Map(this.#unsealed)
  }

  /** The outbox sealed what these documents held when `seen` was taken. */
  async markSealed(seen: ReadonlyMap<string, number>): Promise<void> {
    for (const [id, edits] of seen) if (this.#unsealed.get(id) === edits) this.#unsealed.delete(id)
    await this.#saving.run(async () => {
      const stored = await this.#storedUnsealed()
      const next = [...stored].filter((id) => this.#unsealed.has(id))
      if (next.length === stored.size) return
      await this.#local.putJson([...this.#prefix, 'unsealed'], next.sort())
      this.#storedUnsealedSet = new Set(next)
    })
  }

  /** What to write for a document's edits since its last save: an incremental chunk, or a compaction. */
  async #nextChunk(docId: string): Promise<{ key: string[]; bytes: Uint8Array } | 'compact' | undefined> {
    const handle = await this.#handles.get(docId)
    if (!handle) return undefined
    const chunks = this.#chunks.get(docId) ?? { count: 0, incremental: 0, full: 0 }
    const due = chunks.count >= COMPACT_AFTER_CHUNKS && chunks.incremental * 4 >= chunks.full
    if (due || chunks.count >= COMPACT_ALWAYS_AFTER_CHUNKS) return 'compact'
    const bytes = A.saveIncremental(handle.doc())
    if (bytes.length === 0) return undefined
    // A synchronous hash: an asynchronous one would make the save wait behind other work.
    return { key: [...this.#prefix, 'doc', docId, 'i' + toHex(sha256(bytes)).slice(0, 32)], bytes }
  }

  /**
   * Rebuilds a document without the given changes (this device's own, never shared) and
   * replaces what is on disk, so they do not come back on reload.
   */
  async discard(docId: string, changeHashes: ReadonlySet<string>): Promise<void> {
    const handle = await this.open(docId)
    await this.flush()
    const kept = A.getAllChanges(handle.doc()).filter((c) => !changeHashes.has(A.decodeChange(c).hash!))
    const [rebuilt] = A.applyChanges(A.init({ actor: this.#actor }), kept)
    await this.#saving.run(() => this.#replaceChunks(docId, rebuilt))
    handle.replace(rebuilt)
  }

  /** One full snapshot replaces every chunk; written before deleting, so a crash leaves a loadable set. */
  async #replaceChunks(docId: string, doc: A.Doc<unknown>): Promise<void> {
    const full = A.save(doc)
    // Resets the incremental cursor to this save, now: once the awaits below let an edit in,
    // `doc` is out of date and Automerge refuses to touch it; that edit goes in the next chunk.
    A.saveIncremental(doc)
    const name = 's' + toHex(sha256(full)).slice(0, 32)
    const old = await this.#local.range([...this.#prefix, 'doc', docId])
    await this.#local.putBytes([...this.#prefix, 'doc', docId, name], full)
    for (const chunk of old) if (chunk.key.at(-1) !== name) await this.#local.delete(chunk.key)
    this.#chunks.set(docId, { count: 1, incremental: 0, full: full.length })
  }

  /** Documents the workspace erased (their changes are dropped wherever they come from). */
  async forgotten(): Promise<ReadonlySet<string>> {
    this.#forgotten ??= new Set(await this.#local.getJson<string[]>([...this.#prefix, 'forgotten']))
    return this.#forgotten
  }

  /**
   * Erased for the whole workspace (docs/ERASURE.md): every chunk of these documents leaves the
   * device, open handles are emptied, and they are never stored or loaded here again. The list
   * is written first, so a crash half-way forgets the rest on the next call.
   */
  async forget(docIds: readonly string[]): Promise<void> {
    const forgotten = (await this.forgotten()) as Set<string>
    const ids = await this.#knownIds()
    const fresh = docIds.filter((id) => !forgotten.has(id) || ids.has(id))
    if (fresh.length === 0) return
    await this.#saving.run(async () => {
      for (const docId of fresh) forgotten.add(docId)
      await this.#local.putJson([...this.#prefix, 'forgotten'], [...forgotten].sort())
      for (const docId of fresh) {
        const handle = this.#handles.get(docId)
        this.#handles.delete(docId)
        if (handle) (await handle.catch(() => undefined))?.forget()
        ids.delete(docId)
        this.#unsealed.delete(docId)
        this.#dirty.delete(docId)
        this.#chunks.delete(docId)
        await this.#local.deleteRange([...this.#prefix, 'doc', docId])
      }
      const unsealed = [...(await this.#storedUnsealed())].filter((id) => !forgotten.has(id))
      await this.#local.putMany([
        [[...this.#prefix, 'index'], utf8Encode(JSON.stringify([...ids].sort()))],
        [[...this.#prefix, 'unsealed'], utf8Encode(JSON.stringify(unsealed.sort()))],
      ])
      this.#storedUnsealedSet = new Set(unsealed)
      this.#indexDirty = false
    })
  }

  /** Loaded handles only: documents nobody opened stay on disk. */
  loaded(): string[] {
    return [...this.#handles.keys()]
  }
}
