// The epoch secrets this device holds for one workspace (secrets in the key store, the list
// of held epoch ids in local storage) and the keys derived from them.

import { deriveEpochKeys, DocumentNamer, type EpochKeys } from '../crypto/epoch-keys.ts'
import type { KeyStore } from '../identity/key-store.ts'
import type { LocalStore } from '../local/local-store.ts'
import { Mutex } from '../util/async.ts'

export class Keyring {
  readonly #store: KeyStore
  readonly #local: LocalStore
  readonly #ws: string
  readonly #genesisEpoch: string
  readonly #epochs = new Map<string, EpochKeys>()
  readonly #lock = new Mutex()
  #namer: DocumentNamer | undefined

  constructor(store: KeyStore, local: LocalStore, ws: string, genesisEpoch: string) {
    this.#store = store
    this.#local = local
    this.#ws = ws
    this.#genesisEpoch = genesisEpoch
  }

  #secretName(epoch: string): string {
    return `epoch:${this.#ws}:${epoch}`
  }

  async load(): Promise<void> {
    const ids = (await this.#local.getJson<string[]>(['ws', this.#ws, 'epochs'])) ?? []
    for (const id of ids) {
      const secret = await this.#store.loadSecret(this.#secretName(id))
      if (secret) await this.#hold(secret)
    }
  }

  /** Stores a secret (its id is derived from it) and returns its keys. */
  add(secret: Uint8Array): Promise<EpochKeys> {
    return this.#lock.run(async () => {
      const keys = await deriveEpochKeys(secret)
      if (this.#epochs.has(keys.id)) return this.#epochs.get(keys.id)!
      await this.#store.saveSecret(this.#secretName(keys.id), secret)
      await this.#local.putJson(['ws', this.#ws, 'epochs'], [...this.#epochs.keys(), keys.id])
      return this.#hold(secret, keys)
    })
  }

  async #hold(secret: Uint8Array, derived?: EpochKeys): Promise<EpochKeys> {
    const keys = derived ?? (await deriveEpochKeys(secret))
    this.#epochs.set(keys.id, keys)
    if (keys.id === this.#genesisEpoch) this.#namer = new DocumentNamer(secret)
    return keys
  }

  get(epoch: string): EpochKeys | undefined {
    return this.#epochs.get(epoch)
  }

  has(epoch: string): boolean {
    return this.#epochs.has(epoch)
  }

  /** The workspace's current epoch when held, else the most recent one this device holds. */
  current(current: string, order: (epoch: string) => number): EpochKeys {
    const exact = this.#epochs.get(current)
    if (exact) return exact
    const newest = [...this.#epochs.values()].sort((a, b) => order(b.id) - order(a.id))[0]
    if (!newest) throw new Error(`this device holds no key for workspace ${this.#ws}`)
    return newest
  }

  get namer(): DocumentNamer {
    if (!this.#namer) throw new Error(`this device does not hold the genesis key of workspace ${this.#ws}`)
    return this.#namer
  }

  held(): string[] {
    return [...this.#epochs.keys()]
  }
}
