// The durable outbox. Local edits are sealed into envelopes numbered 1, 2, 3… without gaps;
// each sealed envelope is persisted on the device before anyone may see it, so a sequence
// number is never reused for different content, and reloads or crashes lose nothing. The
// pusher uploads records in order and acknowledges them once the marker says so.
//
// A seal commits in one step: its records are written first, then the `sealed` state that
// counts them. Records past the committed state are a seal that crashed half-way; nobody
// saw them (lastSeq only moves at the commit), so they are dropped and their changes are
// sealed again. Nothing is ever sealed twice and no number is ever issued twice.

import * as A from '@automerge/automerge'
import type { DocStore } from '../docs/doc-store.ts'
import { compressBatch, encodeChangeBatch, type DocChanges } from '../format/change-batch.ts'
import { encodeEnvelope, envelopeHash, envelopeHeader, parseEnvelope, type EnvelopeFile } from '../format/envelope.ts'
import { ownHeadsDigest, withChanges, type OwnHeads } from './own-heads.ts'
import type { ScreenRefusal } from './change-screen.ts'
import { padSeq } from '../format/paths.ts'
import { actorBelongsTo } from '../identity/device-identity.ts'
import { changeActor } from '../docs/change-actor.ts'
import type { LocalStore } from '../local/local-store.ts'
import { Mutex } from '../util/async.ts'
import { utf8Decode, utf8Encode } from '../util/bytes.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'

/** Envelopes stay under this much plaintext so they fit the relay's frame limit. */
export const MAX_ENVELOPE_PLAINTEXT = 768 * 1024

export interface OutboxRecord {
  readonly seq: number
  readonly changes: number
  /** The envelope file exactly as it will be uploaded. */
  readonly file: string
}

interface SealState {
  lastSeq: number
  heads: Record<string, string[]>
  /** Hash of envelope lastSeq: the next one's `prev`. */
  tip?: string
  /** Everything sealed so far (own-heads.ts): each envelope signs its digest. */
  own?: OwnHeads
}

export interface OutboxOptions {
  readonly local: LocalStore
  readonly prefix: readonly string[]
  readonly ws: string
  readonly deviceId: string
  readonly docs: DocStore
  readonly crypto: EnvelopeCrypto
  readonly epoch: () => string
}

export class Outbox {
  readonly #o: OutboxOptions
  readonly #lock = new Mutex()
  #state: SealState = { lastSeq: 0, heads: {} }
  #pendingChanges = 0
  #ready: Promise<void> | undefined

  constructor(options: OutboxOptions) {
    this.#o = options
  }

  get lastSeq(): number {
    return this.#state.lastSeq
  }

  /** Hash of the last sealed envelope ('' before the first): what the next one names as prev. */
  get tip(): string {
    return this.#state.tip ?? ''
  }

  /** The heads of `docId` up to which this device's changes are sealed (undefined: none yet). */
  sealedHeads(docId: string): readonly string[] | undefined {
    return this.#state.heads[docId]
  }

  /** Changes sealed but not yet acknowledged by storage. */
  get pendingChanges(): number {
    return this.#pendingChanges
  }

  #key(...rest: string[]): string[] {
    return [...this.#o.prefix, ...rest]
  }

  /** Recovers the committed state, dropping the records of a seal that crashed half-way. */
  init(): Promise<void> {
    this.#ready ??= (async () => {
      const saved = await this.#o.local.getJson<SealState>(this.#key('sealed'))
      if (saved) this.#state = saved
      if (this.#state.tip === undefined || this.#state.own === undefined) {
        this.#state = await this.#chainOfOlderState(this.#state)
        if (this.#state.lastSeq > 0) await this.#o.local.putJson(this.#key('sealed'), this.#state)
      }
      const records = await this.pending()
      for (const record of records) {
        if (record.seq > this.#state.lastSeq) await this.#o.local.delete(this.#key('outbox', padSeq(record.seq)))
      }
      this.#pendingChanges = records.filter((r) => r.seq <= this.#state.lastSeq).reduce((sum, r) => sum + r.changes, 0)
    })()
    return this.#ready
  }

  async pending(): Promise<OutboxRecord[]> {
    const rows = await this.#o.local.rangeJson<OutboxRecord>(this.#key('outbox'))
    return rows.map((row) => row.value).sort((a, b) => a.seq - b.seq)
  }

  /** State written before envelopes were chained: the tip and the sealed map, worked out once. */
  async #chainOfOlderState(state: SealState): Promise<SealState> {
    const last = state.lastSeq > 0 ? await this.record(state.lastSeq) : undefined
    const parsed = last && parseEnvelope(utf8Encode(last.file))
    let own: OwnHeads = {}
    for (const docId of await this.#o.docs.ids()) {
      const doc = (await this.#o.docs.open(docId)).doc()
      const sealedHeads = (state.heads[docId] ?? []).filter((h) => A.hasHeads(doc, [h]))
      if (sealedHeads.length === 0) continue
      const unsealed = new Set(A.getChangesSince(doc, sealedHeads))
      const mine = A.getAllChanges(doc).filter((c) => !unsealed.has(c) && actorBelongsTo(changeActor(c), this.#o.deviceId))
      own = withChanges(own, [{ docId, changes: mine }])
    }
    return { ...state, tip: parsed && parsed.ok ? envelopeHash(parsed.value) : '', own }
  }

  /** This device's changes not sealed yet, per document, and the heads they reach. */
  async #unsealedChanges(): Promise<{ seen: ReadonlyMap<string, number>; batches: DocChanges[]; heads: Record<string, string[]> }> {
    const { docs, deviceId } = this.#o
    await docs.flush()
    const seen = await docs.unsealed()
    const batches: DocChanges[] = []
    const heads: Record<string, string[]> = {}
    for (const docId of seen.keys()) {
      const doc = (await docs.open(docId)).doc()
      const since = this.#state.heads[docId]
      const changes = since ? A.getChangesSince(doc, since) : A.getAllChanges(doc)
      const own = changes.filter((c) => actorBelongsTo(changeActor(c), deviceId))
      if (own.length > 0) batches.push({ docId, changes: own })
      heads[docId] = A.getHeads(doc)
    }
    return { seen, batches, heads }
  }

  /**
   * Undoes this device's unsealed changes instead of sealing them (a reader's edits, which
   * every peer would refuse). Returns how many changes were undone, per document.
   */
  discardUnsealed(): Promise<DocChanges[]> {
    return this.#lock.run(async () => {
      await this.init()
      const { seen, batches } = await this.#unsealedChanges()
      for (const { docId, changes } of batches) {
        await this.#o.docs.discard(docId, new Set(changes.map((c) => A.decodeChange(c).hash!)))
      }
      await this.#o.docs.markSealed(seen)
      return batches
    })
  }

  /**
   * Undoes this device's unsealed changes that the app's rules refuse (and every own change
   * built on them), before they are sealed: no peer would keep them. Returns what was undone.
   */
  discardRefused(
    judge: (docId: string, doc: A.Doc<unknown>, own: readonly Uint8Array[]) => Promise<ReadonlyMap<string, ScreenRefusal>>,
  ): Promise<{ docId: string; refusals: ScreenRefusal[]; undone: number }[]> {
    return this.#lock.run(async () => {
      await this.init()
      const undone: { docId: string; refusals: ScreenRefusal[]; undone: number }[] = []
      const { batches } = await this.#unsealedChanges()
      for (const { docId, changes } of batches) {
        const refused = await judge(docId, (await this.#o.docs.open(docId)).doc(), changes)
        if (refused.size === 0) continue
        await this.#o.docs.discard(docId, new Set(refused.keys()))
        undone.push({ docId, refusals: [...refused.values()], undone: refused.size })
      }
      return undone
    })
  }

  /** Seals every unsealed local change into new envelopes; returns them in order. */
  seal(): Promise<EnvelopeFile[]> {
    return this.#lock.run(async () => {
      await this.init()
      const { seen, batches, heads } = await this.#unsealedChanges()
      if (seen.size === 0) return []
      const sealed = await this.#commit(batches, heads)
      await this.#o.docs.markSealed(seen)
      return sealed
    })
  }

  /**
   * Seals these changes of this device again, in new envelopes: changes that are in the
   * documents but in no envelope storage holds (a log healed after two engines collided).
   */
  reseal(batches: DocChanges[]): Promise<EnvelopeFile[]> {
    return this.#lock.run(async () => {
      await this.init()
      return this.#commit(batches, {})
    })
  }

  /** Seals one envelope with no changes: fills a number lost with the files of another engine. */
  fillGap(): Promise<EnvelopeFile[]> {
    return this.#lock.run(async () => {
      await this.init()
      return this.#commit([], {}, true)
    })
  }

  /** Writes one record per envelope, then the commit point: from there on the numbers are taken. */
  async #commit(batches: DocChanges[], heads: Record<string, string[]>, evenIfEmpty = false): Promise<EnvelopeFile[]> {
    const sealed: EnvelopeFile[] = []
    let changes = 0
    let { tip = '', own = {} } = this.#state
    const groups = splitBySize(batches)
    if (groups.length === 0 && evenIfEmpty) groups.push([])
    for (const group of groups) {
      const seq = this.#state.lastSeq + 1 + sealed.length
      own = withChanges(own, group)
      const plaintext = await compressBatch(encodeChangeBatch(group))
      const header = envelopeHeader(this.#o.ws, this.#o.deviceId, seq, this.#o.epoch(), { prev: tip, own: ownHeadsDigest(own) })
      const file = await this.#o.crypto.seal(header, plaintext)
      const count = group.reduce((sum, d) => sum + d.changes.length, 0)
      await this.#o.local.putJson(this.#key('outbox', padSeq(seq)), { seq, changes: count, file: utf8Decode(encodeEnvelope(file)) } satisfies OutboxRecord)
      changes += count
      tip = envelopeHash(file)
      sealed.push(file)
    }
    const next: SealState = { lastSeq: this.#state.lastSeq + sealed.length, heads: { ...this.#state.heads, ...heads }, tip, own }
    await this.#o.local.putJson(this.#key('sealed'), next)
    this.#state = next
    this.#pendingChanges += changes
    return sealed
  }

  /**
   * Makes storage's copy of our envelope `seq` this device's record of it: what storage (and
   * so every peer) has wins over a different local copy, so the device never uploads a second
   * envelope under a number peers already hold. Numbers past ours become ours.
   */
  adopt(seq: number, file: string, changes: number): Promise<void> {
    return this.#lock.run(async () => {
      await this.init()
      const record: OutboxRecord = { seq, changes, file }
      const waiting = await this.#o.local.getJson<OutboxRecord>(this.#key('outbox', padSeq(seq)))
      if (waiting) {
        // Still owed to some location: it stays in the outbox (two engines may have left a
        // sent copy too, which record() would never read again).
        await this.#o.local.putJson(this.#key('outbox', padSeq(seq)), record)
        await this.#o.local.delete(this.#key('sent', padSeq(seq)))
        this.#pendingChanges += changes - waiting.changes
      } else {
        await this.#o.local.putJson(this.#key('sent', padSeq(seq)), record)
      }
      if (seq >= this.#state.lastSeq) {
        // The next envelope links to what storage (and so every peer) has under this number.
        const parsed = parseEnvelope(utf8Encode(file))
        const next: SealState = { ...this.#state, lastSeq: seq, tip: parsed.ok ? envelopeHash(parsed.value) : this.#state.tip ?? '' }
        await this.#o.local.putJson(this.#key('sealed'), next)
        this.#state = next
      }
    })
  }

  /**
   * Storage holds every envelope up to `seq` and the marker says so. The records move to the
   * sent archive: if storage later turns out to have lost them (an old backup restored), the
   * device can upload the very same files again.
   */
  acknowledge(seq: number): Promise<void> {
    return this.#lock.run(async () => {
      for (const record of await this.pending()) {
        if (record.seq > seq) break
        await this.#o.local.putJson(this.#key('sent', padSeq(record.seq)), { seq: record.seq, changes: record.changes, file: record.file })
        await this.#o.local.delete(this.#key('outbox', padSeq(record.seq)))
        this.#pendingChanges -= record.changes
      }
    })
  }

  /**
   * A redaction of envelope `seq` (docs/ERASURE.md) takes its record's place, wherever the
   * record is: waiting for upload or in the sent archive. The chain is unchanged (a redaction
   * stands for the envelope it replaces).
   */
  redactRecord(seq: number, file: string, changes: number): Promise<void> {
    return this.#lock.run(async () => {
      for (const where of ['outbox', 'sent']) {
        const key = this.#key(where, padSeq(seq))
        const record = await this.#o.local.getJson<OutboxRecord>(key)
        if (!record) continue
        await this.#o.local.putJson(key, { seq, changes, file } satisfies OutboxRecord)
        if (where === 'outbox') this.#pendingChanges += changes - record.changes
      }
    })
  }

  /** Erased documents leave what this device has sealed: later envelopes sign a map without them. */
  forgetDocs(docIds: ReadonlySet<string>): Promise<void> {
    return this.#lock.run(async () => {
      const own = Object.fromEntries(Object.entries(this.#state.own ?? {}).filter(([docId]) => !docIds.has(docId)))
      const heads = Object.fromEntries(Object.entries(this.#state.heads).filter(([docId]) => !docIds.has(docId)))
      const next: SealState = { ...this.#state, own, heads }
      await this.#o.local.putJson(this.#key('sealed'), next)
      this.#state = next
    })
  }

  /** Envelope `seq` of this device exactly as sealed, whether or not every storage has it yet. */
  async record(seq: number): Promise<OutboxRecord | undefined> {
    return (
      (await this.#o.local.getJson<OutboxRecord>(this.#key('outbox', padSeq(seq)))) ??
      (await this.#o.local.getJson<OutboxRecord>(this.#key('sent', padSeq(seq))))
    )
  }
}

function splitBySize(docs: DocChanges[]): DocChanges[][] {
  const groups: DocChanges[][] = []
  let current: DocChanges[] = []
  let size = 0
  const flush = (): void => {
    if (current.length > 0) groups.push(current)
    current = []
    size = 0
  }
  for (const doc of docs) {
    let chunk: Uint8Array[] = []
    for (const change of doc.changes) {
      if (size + change.length + 24 > MAX_ENVELOPE_PLAINTEXT && (chunk.length > 0 || current.length > 0)) {
        if (chunk.length > 0) current.push({ docId: doc.docId, changes: chunk })
        chunk = []
        flush()
      }
      chunk.push(change)
      size += change.length + 4
    }
    if (chunk.length > 0) current.push({ docId: doc.docId, changes: chunk })
    size += 20
  }
  flush()
  return groups
}
