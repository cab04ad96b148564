// Per-device progress through other devices' logs, saved only after what it covers has been
// verified, applied and flushed to the device's disk.

import type { LocalStore } from '../local/local-store.ts'
import { SeqSet, type SeqRange } from './seq-set.ts'

export class ProgressStore {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #cache = new Map<string, SeqSet>()

  constructor(local: LocalStore, prefix: readonly string[]) {
    this.#local = local
    this.#prefix = prefix
  }

  async get(device: string): Promise<SeqSet> {
    let set = this.#cache.get(device)
    if (!set) {
      set = new SeqSet((await this.#local.getJson<SeqRange[]>([...this.#prefix, 'progress', device])) ?? [])
      this.#cache.set(device, set)
    }
    return set
  }

  async save(device: string): Promise<void> {
    const set = await this.get(device)
    await this.#local.putJson([...this.#prefix, 'progress', device], set.toJSON())
  }

  /** Every device this device has applied anything from, with its high-water mark. */
  async all(): Promise<Map<string, SeqSet>> {
    for (const row of await this.#local.rangeJson<SeqRange[]>([...this.#prefix, 'progress'])) {
      const device = row.key.at(-1)!
      if (!this.#cache.has(device)) this.#cache.set(device, new SeqSet(row.value))
    }
    return new Map(this.#cache)
  }
}
