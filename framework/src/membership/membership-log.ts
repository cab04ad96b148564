// A workspace's membership log on this device: the verified genesis, every entry fetched
// from storage or written here, and the state folded from them. Storage is brought up to
// what this device holds on every sync: an entry made offline is uploaded later, and a
// storage that lost entries (an old backup restored, a new storage added) gets them back.
// Entries are named by their hash, so any device may restore any of them.

import { encodeRecord } from '../format/signed-record.ts'
import { leafId, paths } from '../format/paths.ts'
import type { LocalStore } from '../local/local-store.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent, Mutex } from '../util/async.ts'
import type { Rejection } from '../sync/rejection.ts'
import { hashRecord, type GenesisFile, type MemberEntry } from './entries.ts'
import { foldMembership, type SignatureCache } from './fold.ts'
import { parseMemberEntry } from './parse-entry.ts'
import type { MembershipState } from './state.ts'

export class MembershipLog {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #genesisHash: string
  readonly #genesis: GenesisFile
  readonly #entries = new Map<string, MemberEntry>()
  readonly #signatures: SignatureCache = new Map()
  readonly #lock = new Mutex()
  #state: MembershipState | undefined

  constructor(local: LocalStore, prefix: readonly string[], genesisHash: string, genesis: GenesisFile) {
    this.#local = local
    this.#prefix = prefix
    this.#genesisHash = genesisHash
    this.#genesis = genesis
  }

  get state(): MembershipState {
    if (!this.#state) throw new Error('membership log used before load()')
    return this.#state
  }

  get ws(): string {
    return this.#genesisHash.slice(0, 32)
  }

  async load(): Promise<MembershipState> {
    for (const row of await this.#local.rangeJson<MemberEntry>([...this.#prefix, 'members'])) {
      this.#entries.set(row.key.at(-1)!, row.value)
    }
    return this.#refold()
  }

  async #refold(): Promise<MembershipState> {
    this.#state = await foldMembership(this.#genesisHash, this.#genesis, this.#entries, this.#signatures)
    return this.#state
  }

  /** Adds an entry written on this device and queues it for upload. */
  add(entry: MemberEntry): Promise<string> {
    return this.#lock.run(async () => {
      const hash = await hashRecord(entry)
      await this.#local.putJson([...this.#prefix, 'members', hash], entry)
      this.#entries.set(hash, entry)
      await this.#refold()
      return hash
    })
  }

  /** Uploads every entry this device holds that storage lacks; returns how many. */
  push(storage: UserStorage, listed?: ReadonlySet<string>): Promise<number> {
    return this.#lock.run(async () => {
      const present = listed ?? (await this.#listed(storage))
      const missing = [...this.#entries.keys()].filter((hash) => !present.has(hash))
      await mapConcurrent(missing, 8, (hash) => storage.write(paths.memberEntry(this.ws, hash), encodeRecord(this.#entries.get(hash)!)))
      return missing.length
    })
  }

  async #listed(storage: UserStorage): Promise<Set<string>> {
    const prefix = paths.membersPrefix(this.ws)
    return new Set((await storage.list(prefix)).map((path) => leafId(prefix, path)).filter((h): h is string => h !== undefined))
  }

  /**
   * Fetches entries this device has not seen, reporting what fails. Returns the hashes
   * storage listed (for push), and whether anything new was accepted.
   */
  pull(storage: UserStorage, reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>): Promise<{ listed: Set<string>; changed: boolean }> {
    return this.#lock.run(async () => {
      const listed = await this.#listed(storage)
      const unseen = [...listed]
        .filter((hash) => hash.length === 64 && !this.#entries.has(hash))
        .map((hash) => ({ hash, path: paths.memberEntry(this.ws, hash) }))
      const fetched = await mapConcurrent(unseen, 16, async (x) => ({ ...x, bytes: await storage.read(x.path) }))
      let added = 0
      for (const { path, hash, bytes } of fetched) {
        if (!bytes) continue
        const parsed = parseMemberEntry(bytes)
        if (!parsed.ok) {
          await reject({ kind: 'member-entry', path, reason: parsed.reason, detail: parsed.detail })
          continue
        }
        if ((await hashRecord(parsed.value)) !== hash) {
          await reject({ kind: 'member-entry', path, reason: 'malformed', detail: 'content does not match its hash name' })
          continue
        }
        await this.#local.putJson([...this.#prefix, 'members', hash], parsed.value)
        this.#entries.set(hash, parsed.value)
        added++
      }
      if (added === 0) return { listed, changed: false }
      const before = this.#state?.order.length ?? 0
      const state = await this.#refold()
      for (const [hash, why] of state.refused) {
        const entry = this.#entries.get(hash)!
        await reject({
          kind: 'member-entry',
          path: paths.memberEntry(this.ws, hash),
          device: entry.author,
          reason: why === 'signature does not verify' ? 'bad-signature' : 'invalid-entry',
          detail: `${entry.type} entry: ${why}`,
        })
      }
      return { listed, changed: state.order.length !== before }
    })
  }
}
