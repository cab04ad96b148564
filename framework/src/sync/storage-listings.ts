// What this device remembers about each storage location's listings, so that a quiet sync
// costs one listing there (devices/) instead of a listing per folder and a read per device:
// - each marker's change token and what the marker said when that token was read (persisted:
//   a device back after a restart still reads only the markers that changed meanwhile);
// - when members/ was last listed, and how many entries this device held then (per session).
// Membership entries announce themselves through markers: a device that uploads entries
// rewrites its own marker (push.ts), so "some other marker changed" is when members/ is worth
// listing. The first sync of a session, a device holding entries the location may lack, and a
// safety interval (for devices of older versions, which upload entries without that) list it too.

import { sha256 } from '../crypto/webcrypto.ts'
import type { EngineContext } from './engine-parts.ts'
import type { LocalStore } from '../local/local-store.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'

/** Even with no marker changing, members/ is listed at least this often (older devices' entries). */
export const MEMBERS_RELIST_MS = 10 * 60_000

/** A marker as last read: its token, and the verified head or the membership it was refused under. */
export type RememberedMarker =
  | { readonly token: string; readonly head: number }
  | { readonly token: string; readonly refusedUnder: string }

export class LocationListings {
  readonly #local: LocalStore
  readonly #key: readonly string[]
  readonly #markers: Map<string, RememberedMarker>
  #membersListedAt: number | undefined
  #membersSizeThen = 0
  /** Entries the last listing showed that the pull left for later (it fetches a bounded number). */
  #membersRemaining = 0
  /** When this device last wrote its own marker here (its `at`), this session. */
  #ownWrittenAt: number | undefined

  constructor(local: LocalStore, key: readonly string[], markers: Map<string, RememberedMarker>) {
    this.#local = local
    this.#key = key
    this.#markers = markers
  }

  marker(device: string): RememberedMarker | undefined {
    return this.#markers.get(device)
  }

  /** Devices whose marker this device remembers. */
  rememberedDevices(): string[] {
    return [...this.#markers.keys()]
  }

  /** Keeps what was read (or forgets markers that are gone), in one local write. */
  async update(read: ReadonlyMap<string, RememberedMarker>, gone: readonly string[]): Promise<void> {
    if (read.size === 0 && gone.length === 0) return
    for (const [device, marker] of read) this.#markers.set(device, marker)
    for (const device of gone) {
      this.#markers.delete(device)
      await this.#local.delete([...this.#key, device])
    }
    await this.#local.putMany([...read].map(([device, marker]) => [[...this.#key, device], utf8Encode(JSON.stringify(marker))] as const))
  }

  ownMarkerWritten(at: number): void {
    this.#ownWrittenAt = at
  }

  /** Whether our own marker, read with this `at`, is the one this device wrote last. */
  isOwnWrite(at: number): boolean {
    return at === this.#ownWrittenAt
  }

  /**
   * Whether this sync lists members/: on its first sync of the session, when another device's
   * marker changed, when this device holds entries it has not seen listed or uploaded there,
   * while the last pull left entries to fetch, and at the safety interval.
   */
  membersDue(entriesHeld: number, otherMarkerChanged: boolean, now: number): boolean {
    if (this.#membersListedAt === undefined || otherMarkerChanged || entriesHeld > this.#membersSizeThen || this.#membersRemaining > 0) return true
    return now - this.#membersListedAt >= MEMBERS_RELIST_MS
  }

  /** members/ was listed (leaving `remaining` entries unfetched) and everything this device holds is there now. */
  membersListed(entriesHeld: number, now: number, remaining = this.#membersRemaining): void {
    this.#membersListedAt = now
    this.#membersSizeThen = entriesHeld
    this.#membersRemaining = remaining
  }
}

/** Per storage location of one open workspace; loaded from the device on first use. */
export class StorageListings {
  readonly #local: LocalStore
  readonly #prefix: readonly string[]
  readonly #byUrl = new Map<string, Promise<LocationListings>>()

  constructor(local: LocalStore, prefix: readonly string[]) {
    this.#local = local
    this.#prefix = prefix
  }

  at(url: string): Promise<LocationListings> {
    let listings = this.#byUrl.get(url)
    if (!listings) {
      listings = this.#load(url)
      this.#byUrl.set(url, listings)
      listings.catch(() => this.#byUrl.delete(url))
    }
    return listings
  }

  async #load(url: string): Promise<LocationListings> {
    const key = [...this.#prefix, 'markers', toHex((await sha256(utf8Encode(url))).subarray(0, 8))]
    const rows = await this.#local.rangeJson<RememberedMarker>(key)
    const markers = new Map<string, RememberedMarker>()
    for (const row of rows) if (isRemembered(row.value)) markers.set(row.key.at(-1)!, row.value)
    return new LocationListings(this.#local, key, markers)
  }
}

function isRemembered(value: unknown): value is RememberedMarker {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.token === 'string' && (typeof v.head === 'number' || typeof v.refusedUnder === 'string')
}

/** One StorageListings per open workspace, living as long as its parts. */
const perWorkspace = new WeakMap<object, StorageListings>()

export function listingsOf(ws: EngineContext<'local'>): StorageListings {
  let listings = perWorkspace.get(ws.parts)
  if (!listings) perWorkspace.set(ws.parts, (listings = new StorageListings(ws.parts.local, ['ws', ws.id])))
  return listings
}
