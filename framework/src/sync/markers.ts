// The markers of one storage location: one listing of devices/ with change tokens, then only
// the markers whose token changed since this device last read them are fetched and verified.
// A quiet sync therefore reads no marker at all, and a sync in which k devices pushed reads k,
// whatever the size of the team. A storage without tokens (or a marker listed without one) is
// read every time, as before tokens.

import { leafId, paths } from '../format/paths.ts'
import { MAX_MARKER_BYTES } from '../format/marker.ts'
import { lastWritableSeq, type MembershipState } from '../membership/state.ts'
import { readBounded } from '../storage/bounded-read.ts'
import { listWithTokens } from '../storage/list-with-tokens.ts'
import type { ListedFile, UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent } from '../util/async.ts'
import type { Rejection } from './rejection.ts'
import type { LocationListings, RememberedMarker } from './storage-listings.ts'
import { verifyMarkerFile } from './verify-marker.ts'

const FETCH_CONCURRENCY = 16

export interface MarkersContext {
  readonly storage: UserStorage
  readonly ws: string
  readonly deviceId: string
  /** Read when needed: membership may change between listing and reading. */
  readonly membership: () => MembershipState
  readonly reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>
}

/** A marker fetched in this sync: what to remember (with its token) and, if it verified, its write time. */
interface MarkerRead {
  readonly remember: RememberedMarker | undefined
  readonly at: number | undefined
}

export interface MarkerListing {
  /** Every marker file listed, by device. */
  readonly files: ReadonlyMap<string, ListedFile>
  /**
   * Another device's marker appeared, changed, vanished or cannot be compared (no token), or
   * our own is not the one this device wrote last: membership may have news.
   */
  readonly othersChanged: boolean
  /** Our own marker, when it was read while listing. */
  readonly ownRead: MarkerRead | 'unserved' | undefined
}

/** What the markers say: each device's announced head, verified when its file was read. */
export interface MarkerHeads {
  /** Other devices, capped at what each may write. */
  readonly heads: ReadonlyMap<string, number>
  /** This device's own marker as this storage holds it; undefined when it holds none. */
  readonly own: number | undefined
  /** Markers fetched in this sync. */
  readonly read: number
}

export async function listMarkers(ctx: MarkersContext, memory: LocationListings): Promise<MarkerListing> {
  const prefix = paths.devicesPrefix(ctx.ws)
  const self = ctx.deviceId
  const files = new Map<string, ListedFile>()
  for (const file of await listWithTokens(ctx.storage, prefix)) {
    const device = leafId(prefix, file.path)
    if (device !== undefined && file.path === paths.marker(ctx.ws, device)) files.set(device, file)
  }
  let othersChanged = memory.rememberedDevices().some((d) => d !== self && !files.has(d))
  for (const [device, file] of files) if (device !== self && isStale(memory.marker(device), file)) othersChanged = true
  // Our own marker moved: read now (it would be read anyway) to tell our last write from someone else's.
  const ownFile = files.get(self)
  let ownRead: MarkerListing['ownRead']
  if (ownFile && isStale(memory.marker(self), ownFile)) {
    ownRead = (await readMarker(ctx, self, ownFile)) ?? 'unserved'
    if (ownRead === 'unserved' || ownRead.at === undefined || !memory.isOwnWrite(ownRead.at)) othersChanged = true
  }
  return { files, othersChanged, ownRead }
}

const isStale = (remembered: RememberedMarker | undefined, file: ListedFile | undefined): boolean =>
  file?.token === undefined || remembered?.token !== file.token

/**
 * Reads the markers whose token changed (all of them where there are no tokens), verifies
 * them against the current membership, and remembers the outcome with the token. A marker
 * refused earlier is read again once membership changed (a device that just joined).
 */
export async function readMarkers(ctx: MarkersContext, listing: MarkerListing, memory: LocationListings): Promise<MarkerHeads> {
  const under = membershipSignature(ctx.membership())
  const due = [...listing.files].filter(([device, file]) => {
    if (device === ctx.deviceId && listing.ownRead !== undefined) return false
    const remembered = memory.marker(device)
    return isStale(remembered, file) || (remembered !== undefined && 'refusedUnder' in remembered && remembered.refusedUnder !== under)
  })
  const fetched = await mapConcurrent(due, FETCH_CONCURRENCY, async ([device, file]) => ({ device, read: await readMarker(ctx, device, file) }))
  if (listing.ownRead !== undefined) fetched.push({ device: ctx.deviceId, read: listing.ownRead === 'unserved' ? undefined : listing.ownRead })

  const outcome = new Map<string, RememberedMarker | undefined>(fetched.map(({ device, read }) => [device, read?.remember]))
  const unserved = new Set(fetched.filter(({ read }) => read === undefined).map(({ device }) => device))
  const kept = new Map<string, RememberedMarker>()
  for (const [device, marker] of outcome) if (marker && listing.files.get(device)?.token !== undefined) kept.set(device, marker)
  const gone = memory.rememberedDevices().filter((device) => !listing.files.has(device))
  await memory.update(kept, gone)

  const state = ctx.membership()
  const heads = new Map<string, number>()
  let own: number | undefined
  for (const device of listing.files.keys()) {
    if (unserved.has(device)) continue
    const marker = outcome.has(device) ? outcome.get(device) : memory.marker(device)
    if (!marker || !('head' in marker)) continue
    if (device === ctx.deviceId) own = marker.head
    // Capped each time: membership may have narrowed what the device may write since.
    else heads.set(device, Math.min(marker.head, lastWritableSeq(state, device)))
  }
  return { heads, own, read: fetched.length }
}

/** Fetches and verifies one marker; undefined when it was listed but is gone by now. */
async function readMarker(ctx: MarkersContext, device: string, file: ListedFile): Promise<MarkerRead | undefined> {
  const state = ctx.membership()
  const refused = { remember: file.token === undefined ? undefined : { token: file.token, refusedUnder: membershipSignature(state) }, at: undefined }
  const read = await readBounded(ctx.storage, file.path, MAX_MARKER_BYTES)
  if (!read.ok) {
    await ctx.reject({ kind: 'marker', path: file.path, device, reason: 'malformed', detail: read.detail })
    return refused
  }
  if (!read.bytes) return undefined
  const check = await verifyMarkerFile(read.bytes, device, state)
  if (!check.ok) {
    await ctx.reject({ kind: 'marker', path: file.path, device, reason: check.reason, detail: check.detail })
    return refused
  }
  const { head, at } = check.value
  const limit = lastWritableSeq(state, device)
  if (device !== ctx.deviceId && head > limit) {
    // Signed, but announcing what the device may not write: none of it past the limit is fetched.
    await ctx.reject({ kind: 'marker', path: file.path, device, reason: 'unauthorized', detail: `announces #${head}, past #${limit}, the last its device may write` })
  }
  return { remember: { token: file.token ?? '', head }, at }
}

/** Changes whenever the fold admits or refuses an entry: a refused marker may verify now. */
function membershipSignature(state: MembershipState): string {
  return `${state.order.length}/${state.refused.size}/${state.currentEpoch}`
}
