// Per-device progress through other devices' logs, saved only after what it covers has been
// verified, applied and flushed to the device's disk.

import type { LocalStore } from '../local/local-store.ts'
import { SeqSet, type SeqRange } from './seq-set.ts'

/** The last envelope of a device this device applied in its gap-free run, by hash. */
export interface ChainTip {
  readonly seq: number
  readonly hash: string
}

interface Stored {
  readonly ranges: SeqRange[]
  readonly tip?: ChainTip
  /** Relay-applied envelopes storage has not shown yet: [seq, hash, at]. */
  readonly relayed?: [number, string, number][]
}

const RECENT_HASHES = 64

export class ProgressStore {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #cache = new Map<string, SeqSet>()
  readonly #tips = new Map<string, ChainTip>()
  /** The hashes of the last envelopes applied per device (this session): a second version of one is a fork. */
  readonly #recent = new Map<string, Map<number, string>>()
  /** Envelopes applied from the relay and not yet read back from storage: device → seq → { hash, at }. */
  readonly #unconfirmed = new Map<string, Map<number, { hash: string; at: number }>>()

  constructor(local: LocalStore, prefix: readonly string[]) {
    this.#local = local
    this.#prefix = prefix
  }

  async get(device: string): Promise<SeqSet> {
    let set = this.#cache.get(device)
    if (!set) {
      set = this.#remember(device, await this.#local.getJson<Stored | SeqRange[]>([...this.#prefix, 'progress', device]))
    }
    return set
  }

  /** Ranges and tip as stored (older devices stored the ranges alone). */
  #remember(device: string, stored: Stored | SeqRange[] | undefined): SeqSet {
    const value: Stored = Array.isArray(stored) ? { ranges: stored } : (stored ?? { ranges: [] })
    const set = new SeqSet(value.ranges)
    this.#cache.set(device, set)
    if (value.tip) this.#tips.set(device, value.tip)
    if (value.relayed?.length) this.#unconfirmed.set(device, new Map(value.relayed.map(([seq, hash, at]) => [seq, { hash, at }])))
    return set
  }

  /** The hash of envelope highWater, when this device knows it (the next one's expected prev). */
  async tip(device: string): Promise<ChainTip | undefined> {
    const set = await this.get(device)
    const tip = this.#tips.get(device)
    return tip && tip.seq === set.highWater ? tip : undefined
  }

  /** Records an applied envelope's hash: kept when it extends the gap-free run. */
  async applied(device: string, seq: number, hash: string): Promise<void> {
    const set = await this.get(device)
    set.add(seq)
    const recent = this.#recent.get(device) ?? new Map<number, string>()
    this.#recent.set(device, recent)
    recent.set(seq, hash)
    if (recent.size > RECENT_HASHES) recent.delete(recent.keys().next().value!)
    if (seq === set.highWater) this.#tips.set(device, { seq, hash })
  }

  /** An envelope applied from the relay: storage must show the same one (confirm-relayed.ts). */
  relayed(device: string, seq: number, hash: string, at: number): void {
    const map = this.#unconfirmed.get(device) ?? new Map<number, { hash: string; at: number }>()
    this.#unconfirmed.set(device, map)
    map.set(seq, { hash, at })
  }

  /** Relay-applied envelopes storage has not shown yet (all devices loaded first). */
  async unconfirmed(): Promise<{ device: string; seq: number; hash: string; at: number }[]> {
    await this.all()
    return [...this.#unconfirmed].flatMap(([device, map]) => [...map].map(([seq, v]) => ({ device, seq, ...v })))
  }

  async confirmed(device: string, seq: number): Promise<void> {
    this.#unconfirmed.get(device)?.delete(seq)
    await this.save(device)
  }

  /** The hash of envelope `seq` of `device` as applied, when this device still remembers it. */
  async hashOf(device: string, seq: number): Promise<string | undefined> {
    const tip = await this.tip(device)
    return this.#recent.get(device)?.get(seq) ?? (tip?.seq === seq ? tip.hash : undefined)
  }

  /** Starts a device's progress at a verified snapshot: 1..seq applied, envelope seq's hash known. */
  async startAt(device: string, seq: number, hash: string): Promise<void> {
    const set = await this.get(device)
    set.addRange(1, seq)
    if (set.highWater === seq) this.#tips.set(device, { seq, hash })
  }

  async save(device: string): Promise<void> {
    const set = await this.get(device)
    const tip = this.#tips.get(device)
    const relayed = [...(this.#unconfirmed.get(device) ?? [])].map(([seq, { hash, at }]) => [seq, hash, at] as [number, string, number])
    await this.#local.putJson([...this.#prefix, 'progress', device], { ranges: set.toJSON(), ...(tip ? { tip } : {}), ...(relayed.length ? { relayed } : {}) } satisfies Stored)
  }

  /** Every device this device has applied anything from, with its high-water mark. */
  async all(): Promise<Map<string, SeqSet>> {
    for (const row of await this.#local.rangeJson<Stored | SeqRange[]>([...this.#prefix, 'progress'])) {
      const device = row.key.at(-1)!
      if (!this.#cache.has(device)) this.#remember(device, row.value)
    }
    return new Map(this.#cache)
  }
}
