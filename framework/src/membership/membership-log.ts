// A workspace's membership log on this device: the verified genesis, every entry fetched
// from storage or written here, and the state folded from them. Storage is brought up to
// what this device holds on every sync: an entry made offline is uploaded later, and a
// storage that lost entries (an old backup restored, a new storage added) gets them back.
// Entries are named by their hash, so any device may restore any of them.
//
// Verify before store: a file from storage is kept only once screen-entries.ts accepts it, so
// nothing planted in storage is ever stored here, folded or uploaded elsewhere; what was
// refused is remembered (refusal-memory.ts) and not fetched again.

import { encodeRecord } from '../format/signed-record.ts'
import { leafId, paths } from '../format/paths.ts'
import type { LocalStore } from '../local/local-store.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { readBounded } from '../storage/bounded-read.ts'
import { MAX_ENTRY_BYTES } from './entries.ts'
import { mapConcurrent, Mutex } from '../util/async.ts'
import type { Rejection } from '../api/rejection.ts'
import { Admissions } from './admissions.ts'
import { hashRecord, type GenesisFile, type MemberEntry } from './entries.ts'
import { emptyFoldStats, foldMembership, type FoldStats, type SignatureCache } from './fold.ts'
import { chooseFetches, PULL_FETCH_LIMIT, reportRefusals, sortVerdicts } from './pull-entries.ts'
import { RefusalMemory } from './refusal-memory.ts'
import { screenEntries, screenFile, type Screened } from './screen-entries.ts'
import type { MembershipState } from './state.ts'

type Reject = (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>

export interface MembershipPull {
  /** Every entry hash storage listed (for push). */
  readonly listed: Set<string>
  /** Whether the folded state changed. */
  readonly changed: boolean
  /** Files storage lists that this device has neither taken nor refused yet: later pulls fetch them. */
  readonly remaining: number
}

export class MembershipLog {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #genesisHash: string
  readonly #genesis: GenesisFile
  readonly #entries = new Map<string, MemberEntry>()
  readonly #signatures: SignatureCache = new Map()
  readonly #admissions: Admissions
  readonly #refusals: RefusalMemory
  readonly #lock = new Mutex()
  #state: MembershipState | undefined
  /** Uploads made this session: tells one owed announcement from the next. */
  #uploads = 0
  /** What the last fold cost (diagnostics, and the tests' work bounds). */
  lastFold: FoldStats = emptyFoldStats()

  constructor(local: LocalStore, prefix: readonly string[], genesisHash: string, genesis: GenesisFile) {
    this.#local = local
    this.#prefix = prefix
    this.#genesisHash = genesisHash
    this.#genesis = genesis
    this.#admissions = new Admissions(genesis)
    this.#refusals = new RefusalMemory(local, prefix)
  }

  get state(): MembershipState {
    if (!this.#state) throw new Error('membership log used before load()')
    return this.#state
  }

  get ws(): string {
    return this.#genesisHash.slice(0, 32)
  }

  /** How many entries this device holds. */
  get size(): number {
    return this.#entries.size
  }

  /** Loads what this device holds; anything an older version stored unscreened is dropped. */
  async load(): Promise<MembershipState> {
    await this.#refusals.load()
    const rows = await this.#local.rangeJson<MemberEntry>([...this.#prefix, 'members'])
    const verdicts = await screenEntries(
      rows.map((row) => ({ hash: row.key.at(-1)!, entry: row.value })),
      this.ws,
      this.#admissions,
      this.#signatures,
    )
    for (const verdict of verdicts) {
      if (verdict.kind === 'accepted') this.#entries.set(verdict.hash, verdict.entry)
      else await this.#local.delete([...this.#prefix, 'members', verdict.hash])
    }
    return this.#refold()
  }

  async #refold(): Promise<MembershipState> {
    const stats = emptyFoldStats()
    this.#state = await foldMembership(this.#genesisHash, this.#genesis, this.#entries, this.#signatures, stats)
    this.lastFold = stats
    return this.#state
  }

  /** Adds an entry written on this device and queues it for upload. */
  add(entry: MemberEntry): Promise<string> {
    return this.#lock.run(async () => {
      const hash = await hashRecord(entry)
      await this.#keep(hash, entry)
      await this.#refusals.release(this.#admissions.note(hash, entry))
      await this.#refold()
      return hash
    })
  }

  async #keep(hash: string, entry: MemberEntry): Promise<void> {
    await this.#local.putJson([...this.#prefix, 'members', hash], entry)
    this.#entries.set(hash, entry)
  }

  /**
   * Uploads every entry this device holds that storage lacks; returns how many. Uploads are
   * owed an announcement there (the next sync rewrites this device's marker, sync/push.ts),
   * remembered on the device so an upload outside a sync (an invite, a join) is announced too.
   */
  push(storage: UserStorage, listed?: ReadonlySet<string>): Promise<number> {
    return this.#lock.run(async () => {
      const present = listed ?? (await this.#listed(storage))
      const missing = [...this.#entries.keys()].filter((hash) => !present.has(hash))
      if (missing.length === 0) return 0
      await this.#local.putJson(await this.#announceKey(storage.location), `${Date.now()}-${++this.#uploads}`)
      await mapConcurrent(missing, 8, (hash) => storage.write(paths.memberEntry(this.ws, hash), encodeRecord(this.#entries.get(hash)!)))
      return missing.length
    })
  }

  /** Set when entries went up to this storage since its marker was last rewritten: pass it to announced(). */
  async announceOwed(storage: UserStorage): Promise<string | undefined> {
    return this.#local.getJson<string>(await this.#announceKey(storage.location))
  }

  /** The marker was rewritten after the uploads `owed` stood for (later ones stay owed). */
  async announced(storage: UserStorage, owed: string): Promise<void> {
    const key = await this.#announceKey(storage.location)
    if ((await this.#local.getJson<string>(key)) === owed) await this.#local.delete(key)
  }

  async #announceKey(location: string): Promise<string[]> {
    return [...this.#prefix, 'announce', toHex((await sha256(utf8Encode(location))).subarray(0, 8))]
  }

  async #listed(storage: UserStorage): Promise<Set<string>> {
    const prefix = paths.membersPrefix(this.ws)
    return new Set((await storage.list(prefix)).map((path) => leafId(prefix, path)).filter((h): h is string => h !== undefined))
  }

  /**
   * Fetches up to PULL_FETCH_LIMIT entries this device has not seen, keeps those that pass
   * screening, reports what fails. Later pulls fetch the rest.
   */
  pull(storage: UserStorage, reject: Reject): Promise<MembershipPull> {
    return this.#lock.run(async () => {
      const listed = await this.#listed(storage)
      const location = toHex((await sha256(utf8Encode(storage.location))).subarray(0, 8))
      const unseen = [...listed].filter((h) => h.length === 64 && !this.#entries.has(h) && !this.#refusals.skips(h, location))
      const chosen = chooseFetches(unseen, this.#missingParents(), PULL_FETCH_LIMIT)
      // Bounded reads: a file over the entry size limit is refused unread, like any junk.
      const fetched = await mapConcurrent(chosen, 16, async (hash) => {
        const read = await readBounded(storage, paths.memberEntry(this.ws, hash), MAX_ENTRY_BYTES)
        return { hash, bytes: read.ok ? read.bytes : new Uint8Array(MAX_ENTRY_BYTES + 1) }
      })
      const verdicts: Screened[] = []
      const parsed: { hash: string; entry: MemberEntry }[] = []
      for (const { hash, bytes } of fetched) {
        if (!bytes) continue
        const file = await screenFile(hash, bytes)
        if ('entry' in file) parsed.push({ hash, entry: file.entry })
        else verdicts.push(file)
      }
      verdicts.push(...(await screenEntries(parsed, this.ws, this.#admissions, this.#signatures)))
      const { accepted, admitted, remembered } = sortVerdicts(verdicts, location)
      for (const { hash, entry } of accepted) await this.#keep(hash, entry)
      await this.#refusals.remember(remembered)
      await this.#refusals.release(admitted)
      await reportRefusals(verdicts, (hash) => paths.memberEntry(this.ws, hash), reject)
      const remaining = unseen.length - fetched.filter((f) => f.bytes).length
      if (accepted.length === 0) return { listed, changed: false, remaining }
      const before = this.#state?.order.length ?? 0
      const state = await this.#refold()
      for (const [hash, detail] of state.refused) {
        const entry = this.#entries.get(hash)!
        const reason = state.refusalReasons.get(hash) ?? 'invalid-entry'
        await reject({ kind: 'member-entry', path: paths.memberEntry(this.ws, hash), device: entry.author, reason, detail: `${entry.type} entry: ${detail}` })
      }
      return { listed, changed: state.order.length !== before, remaining }
    })
  }

  /** Pulls until storage has nothing left this device has not taken or refused (joining, restoring). */
  async pullAll(storage: UserStorage, reject: Reject): Promise<MembershipPull> {
    let pull = await this.pull(storage, reject)
    let changed = pull.changed
    for (let left = pull.remaining; pull.remaining > 0; left = pull.remaining) {
      pull = await this.pull(storage, reject)
      changed ||= pull.changed
      if (pull.remaining >= left) break // storage served nothing new (files vanished while listed)
    }
    return { ...pull, changed }
  }

  /** Parents named by entries held here that this device does not hold. */
  #missingParents(): Set<string> {
    const missing = new Set<string>()
    for (const entry of this.#entries.values()) for (const parent of entry.parents) if (!this.#entries.has(parent) && parent !== this.#genesisHash) missing.add(parent)
    return missing
  }
}
