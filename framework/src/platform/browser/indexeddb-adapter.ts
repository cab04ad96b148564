// The device's local persistence in the browser: automerge-repo's StorageAdapterInterface over
// one IndexedDB object store with array keys. Writes use relaxed durability (5× faster);
// keys and checkpoints go through the key store, which uses strict durability.

import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim'
import { transact } from './idb.ts'

export class IndexedDBAdapter implements StorageAdapterInterface {
  readonly #db: Promise<IDBDatabase>
  readonly #store: string

  constructor(db: Promise<IDBDatabase>, store: string) {
    this.#db = db
    this.#store = store
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const value = await transact<unknown>(await this.#db, this.#store, 'readonly', 'relaxed', (s) => s.get(key))
    return value instanceof Uint8Array ? value : undefined
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    await transact(await this.#db, this.#store, 'readwrite', 'relaxed', (s) => s.put(data, key))
  }

  /** One transaction, all or none: a marker and the data it describes land together. */
  async saveMany(entries: readonly (readonly [StorageKey, Uint8Array])[]): Promise<void> {
    await transact(await this.#db, this.#store, 'readwrite', 'relaxed', (s) => {
      let last: IDBRequest | undefined
      for (const [key, data] of entries) last = s.put(data, key)
      return last
    })
  }

  async remove(key: StorageKey): Promise<void> {
    await transact(await this.#db, this.#store, 'readwrite', 'relaxed', (s) => s.delete(key))
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const db = await this.#db
    const range = prefixRange(prefix)
    const [keys, values] = await Promise.all([
      transact<IDBValidKey[]>(db, this.#store, 'readonly', 'relaxed', (s) => s.getAllKeys(range)),
      transact<unknown[]>(db, this.#store, 'readonly', 'relaxed', (s) => s.getAll(range)),
    ])
    return (keys ?? []).map((key, i) => ({ key: key as string[], data: values?.[i] as Uint8Array | undefined }))
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    await transact(await this.#db, this.#store, 'readwrite', 'relaxed', (s) => s.delete(prefixRange(prefix)))
  }
}

/** Every array key that starts with `prefix` (including `prefix` itself). */
function prefixRange(prefix: StorageKey): IDBKeyRange {
  // Arrays sort after every string, so [...prefix, []] is above any key that extends prefix.
  return IDBKeyRange.bound(prefix, [...prefix, []])
}
