// What this device refused from storage, remembered so that it is not fetched again on every
// sync: about 80 bytes per refused file, in rows of one pull each. Three kinds:
//
// - an entry refused for what it is (bad signature, another workspace): never fetched again;
// - a bad copy at one location (does not parse, does not match its name): not fetched again
//   from that location — another location may hold the good copy;
// - an entry waiting for its author (or its invite) to be admitted: fetched again once the
//   log admits that device or invite, never before.
//
// A newer format version forgets everything (a newer app may read what this one refused).
// At most MAX_REMEMBERED refusals are kept; past that, refused files are fetched (and refused)
// again, at most PULL_FETCH_LIMIT per pull.

import { FORMAT_VERSION } from '../format/version.ts'
import type { LocalStore } from '../local/local-store.ts'

export const MAX_REMEMBERED = 50_000

interface Row {
  readonly format: number
  /** key → [reason, waitsOn?]; key is the entry hash, or `<location tag>:<hash>` for a bad copy. */
  readonly items: Record<string, [string, string?]>
}

export interface Remembered {
  readonly hash: string
  readonly reason: string
  /** Set for a bad copy: only this location's copy is refused. */
  readonly location?: string
  /** Set for an entry waiting for a device or invite to be admitted. */
  readonly waitsOn?: string
}

export class RefusalMemory {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #rows = new Map<string, Map<string, [string, string?]>>()
  readonly #rowOf = new Map<string, string>()
  readonly #waiters = new Map<string, Set<string>>()
  #nextRow = 0

  constructor(local: LocalStore, prefix: readonly string[]) {
    this.#local = local
    this.#prefix = [...prefix, 'member-refusals']
  }

  get size(): number {
    return this.#rowOf.size
  }

  async load(): Promise<void> {
    for (const { key, value } of await this.#local.rangeJson<Row>(this.#prefix)) {
      const id = key.at(-1)!
      this.#nextRow = Math.max(this.#nextRow, Number(id) + 1)
      if (value.format !== FORMAT_VERSION) {
        await this.#local.delete([...this.#prefix, id])
        continue
      }
      const items = new Map(Object.entries(value.items))
      this.#rows.set(id, items)
      for (const [item, [, waitsOn]] of items) this.#index(item, id, waitsOn)
    }
  }

  /** Whether the file `hash` at `location` is known to be refused (or waiting). */
  skips(hash: string, location: string): boolean {
    return this.#rowOf.has(hash) || this.#rowOf.has(`${location}:${hash}`)
  }

  /** Remembers one pull's refusals in one row. */
  async remember(refusals: readonly Remembered[]): Promise<void> {
    const items = new Map<string, [string, string?]>()
    for (const r of refusals) {
      if (this.size + items.size >= MAX_REMEMBERED) break
      items.set(r.location ? `${r.location}:${r.hash}` : r.hash, r.waitsOn ? [r.reason, r.waitsOn] : [r.reason])
    }
    if (items.size === 0) return
    const id = String(this.#nextRow++).padStart(12, '0')
    this.#rows.set(id, items)
    for (const [item, [, waitsOn]] of items) this.#index(item, id, waitsOn)
    await this.#save(id)
  }

  /** Forgets the entries that waited for these devices or invites: they are fetched again. */
  async release(admitted: Iterable<string>): Promise<number> {
    const touched = new Set<string>()
    let released = 0
    for (const id of admitted) {
      for (const item of this.#waiters.get(id) ?? []) {
        const row = this.#rowOf.get(item)!
        this.#rows.get(row)!.delete(item)
        this.#rowOf.delete(item)
        touched.add(row)
        released++
      }
      this.#waiters.delete(id)
    }
    for (const row of touched) await this.#save(row)
    return released
  }

  #index(item: string, row: string, waitsOn: string | undefined): void {
    this.#rowOf.set(item, row)
    if (waitsOn === undefined) return
    const set = this.#waiters.get(waitsOn)
    if (set) set.add(item)
    else this.#waiters.set(waitsOn, new Set([item]))
  }

  async #save(id: string): Promise<void> {
    const items = this.#rows.get(id)!
    if (items.size === 0) {
      this.#rows.delete(id)
      await this.#local.delete([...this.#prefix, id])
      return
    }
    const row: Row = { format: FORMAT_VERSION, items: Object.fromEntries(items) }
    await this.#local.putJson([...this.#prefix, id], row)
  }
}
