// The epoch secrets this device holds for one workspace, in the device's key store, and the
// keys derived from them.

import { deriveEpochKeys, DocumentNamer, type EpochKeys } from '../crypto/epoch-keys.ts'
import type { KeyStore } from '../identity/key-store.ts'

export class Keyring {
  readonly #store: KeyStore
  readonly #ws: string
  readonly #epochs = new Map<number, EpochKeys>()
  #namer: DocumentNamer | undefined

  constructor(store: KeyStore, ws: string) {
    this.#store = store
    this.#ws = ws
  }

  #name(epoch: number): string {
    return `epoch:${this.#ws}:${epoch}`
  }

  /** Loads the listed epochs from the key store; missing ones are simply not held. */
  async load(epochs: readonly number[]): Promise<void> {
    for (const epoch of epochs) {
      const secret = await this.#store.loadSecret(this.#name(epoch))
      if (secret) await this.#hold(epoch, secret)
    }
  }

  async add(epoch: number, secret: Uint8Array): Promise<void> {
    await this.#store.saveSecret(this.#name(epoch), secret)
    await this.#hold(epoch, secret)
  }

  async #hold(epoch: number, secret: Uint8Array): Promise<void> {
    this.#epochs.set(epoch, await deriveEpochKeys(epoch, secret))
    if (epoch === 0) this.#namer = new DocumentNamer(secret)
  }

  get(epoch: number): EpochKeys | undefined {
    return this.#epochs.get(epoch)
  }

  /** The newest epoch this device holds. */
  current(): EpochKeys {
    const newest = Math.max(...this.#epochs.keys())
    const keys = this.#epochs.get(newest)
    if (!keys) throw new Error(`this device holds no key for workspace ${this.#ws}`)
    return keys
  }

  get namer(): DocumentNamer {
    if (!this.#namer) throw new Error(`this device does not hold the genesis key of workspace ${this.#ws}`)
    return this.#namer
  }

  held(): number[] {
    return [...this.#epochs.keys()].sort((a, b) => a - b)
  }
}
