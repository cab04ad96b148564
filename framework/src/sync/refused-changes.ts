// Changes refused by an app rule, by document, kept on the device: a later change built on one
// is refused too (it was made on top of something no peer keeps), even in a later batch.

import type { LocalStore } from '../local/local-store.ts'

export class RefusedChanges {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #cache = new Map<string, Set<string>>()

  constructor(local: LocalStore, prefix: readonly string[]) {
    this.#local = local
    this.#prefix = prefix
  }

  async of(docId: string): Promise<ReadonlySet<string>> {
    let set = this.#cache.get(docId)
    if (!set) {
      set = new Set((await this.#local.getJson<string[]>([...this.#prefix, 'refused-changes', docId])) ?? [])
      this.#cache.set(docId, set)
    }
    return set
  }

  async add(docId: string, hashes: Iterable<string>): Promise<void> {
    const set = (await this.of(docId)) as Set<string>
    const before = set.size
    for (const hash of hashes) set.add(hash)
    if (set.size !== before) await this.#local.putJson([...this.#prefix, 'refused-changes', docId], [...set])
  }
}
