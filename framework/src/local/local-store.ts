// The device's own persistence: documents, outbox, progress, quarantine and config, all over
// automerge-repo's six-method StorageAdapterInterface (IndexedDB in the browser, atomic files
// in Node). Keys are arrays of path segments made of [0-9a-z_-] only.

import { mapConcurrent } from '../util/async.ts'
import { utf8Decode, utf8Encode } from '../util/bytes.ts'
import type { PersistenceAdapter, StorageAdapterInterface } from './persistence-adapter.ts'

export type { BatchWriter } from './persistence-adapter.ts'

export type LocalKey = readonly string[]

const SEGMENT = /^[0-9a-z_-]+$/

function checkKey(key: LocalKey): string[] {
  for (const segment of key) {
    if (!SEGMENT.test(segment)) throw new TypeError(`local key segment ${JSON.stringify(segment)} must match [0-9a-z_-]+`)
  }
  return [...key]
}

export class LocalStore {
  readonly #adapter: StorageAdapterInterface

  constructor(adapter: StorageAdapterInterface) {
    this.#adapter = adapter
  }

  getBytes(key: LocalKey): Promise<Uint8Array | undefined> {
    return this.#adapter.load(checkKey(key))
  }

  putBytes(key: LocalKey, value: Uint8Array): Promise<void> {
    return this.#adapter.save(checkKey(key), value)
  }

  async getJson<T>(key: LocalKey): Promise<T | undefined> {
    const bytes = await this.getBytes(key)
    return bytes === undefined ? undefined : (JSON.parse(utf8Decode(bytes)) as T)
  }

  putJson(key: LocalKey, value: unknown): Promise<void> {
    return this.putBytes(key, utf8Encode(JSON.stringify(value)))
  }

  /**
   * Writes several entries, in this order, in one transaction where the adapter can (IndexedDB:
   * all or none); one after another elsewhere.
   */
  async putMany(entries: readonly (readonly [LocalKey, Uint8Array])[]): Promise<void> {
    if (entries.length === 0) return
    const checked = entries.map(([key, value]) => [checkKey(key), value] as const)
    const batch: PersistenceAdapter = this.#adapter
    if (batch.saveMany) return batch.saveMany(checked)
    for (const [key, value] of checked) await this.#adapter.save(key, value)
  }

  /**
   * Writes independent entries in any order, several at once where the adapter has no batch
   * (Node: one file each, whose fsyncs then share the file system's journal commits). Use it
   * only where no entry's meaning depends on another being written first.
   */
  async putUnordered(entries: readonly (readonly [LocalKey, Uint8Array])[], concurrency = 32): Promise<void> {
    const batch: PersistenceAdapter = this.#adapter
    if (batch.saveMany) return this.putMany(entries)
    await mapConcurrent(entries, concurrency, ([key, value]) => this.#adapter.save(checkKey(key), value))
  }

  delete(key: LocalKey): Promise<void> {
    return this.#adapter.remove(checkKey(key))
  }

  /** Every entry under the prefix, sorted by key. */
  async range(prefix: LocalKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    const chunks = await this.#adapter.loadRange(checkKey(prefix))
    const out: { key: string[]; data: Uint8Array }[] = []
    for (const chunk of chunks) if (chunk.data) out.push({ key: chunk.key, data: chunk.data })
    return out.sort((a, b) => compareKeys(a.key, b.key))
  }

  async rangeJson<T>(prefix: LocalKey): Promise<{ key: string[]; value: T }[]> {
    return (await this.range(prefix)).map(({ key, data }) => ({ key, value: JSON.parse(utf8Decode(data)) as T }))
  }

  deleteRange(prefix: LocalKey): Promise<void> {
    return this.#adapter.removeRange(checkKey(prefix))
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! < b[i]!) return -1
    if (a[i]! > b[i]!) return 1
  }
  return a.length - b.length
}
