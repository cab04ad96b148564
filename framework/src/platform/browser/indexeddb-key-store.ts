// Browser key store: CryptoKeys are stored as themselves (structured clone), so device keys
// created non-extractable stay non-extractable: script on the page can use them but never
// read them out. Strict durability: losing a key loses the device.

import type { KeyPair } from '../../crypto/keys.ts'
import type { KeyStore } from '../../identity/key-store.ts'
import { transact } from './idb.ts'

export class IndexedDBKeyStore implements KeyStore {
  readonly persistsSeeds = false
  readonly #db: Promise<IDBDatabase>
  readonly #store: string

  constructor(db: Promise<IDBDatabase>, store: string) {
    this.#db = db
    this.#store = store
  }

  async #get<T>(key: string): Promise<T | undefined> {
    return (await transact<T>(await this.#db, this.#store, 'readonly', 'strict', (s) => s.get(key) as IDBRequest<T>)) ?? undefined
  }

  async #put(key: string, value: unknown): Promise<void> {
    await transact(await this.#db, this.#store, 'readwrite', 'strict', (s) => s.put(value, key))
  }

  loadKeyPair(name: string): Promise<KeyPair | undefined> {
    return this.#get<KeyPair>(`pair:${name}`)
  }

  saveKeyPair(name: string, pair: KeyPair): Promise<void> {
    return this.#put(`pair:${name}`, pair)
  }

  loadSecret(name: string): Promise<Uint8Array | undefined> {
    return this.#get<Uint8Array>(`secret:${name}`)
  }

  saveSecret(name: string, secret: Uint8Array): Promise<void> {
    return this.#put(`secret:${name}`, secret)
  }
}
