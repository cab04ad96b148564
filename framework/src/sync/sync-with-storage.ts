// One sync round with one storage: the markers (one listing), membership both ways when it may
// have changed (and upkeep), the log pull, then our own log up to date there — restoring what
// the storage lost, including the genesis. A quiet sync costs that one listing.

import { paths } from '../format/paths.ts'
import { ROOT_MARKER_PATH, rootMarker } from '../format/version.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import type { PullProgress } from '../api/workspace-status.ts'
import type { EngineContext } from './engine-parts.ts'
import { pullFromStorage } from './pull.ts'
import type { PullReport } from '../api/sync-report.ts'
import { pushToStorage, storedHead } from './push.ts'
import type { PushReport } from '../api/sync-report.ts'
import { reconcileOwnLog, type OwnLogReport } from './reconcile-own-log.ts'
import type { Rejection } from './rejection.ts'
import { startFromSnapshot } from './snapshots.ts'
import { listMarkers, readMarkers } from './markers.ts'
import { listingsOf } from './storage-listings.ts'
import type { ProgressStore } from './progress-store.ts'

export interface StorageTarget {
  readonly url: string
  readonly storage: UserStorage
}

export interface StorageSyncReport {
  readonly pushed: PushReport
  readonly pulled: PullReport
  readonly membershipUploaded: number
  /** Files this storage had lost and got back (genesis, entries, envelopes). */
  readonly restored: number
  /** The workspace's genesis was gone from this storage (the workspace deleted there, or wiped) and was put back. */
  readonly genesisRestored: boolean
  /** When our own log here was held against what this device sealed, what it found. */
  readonly ownLog: OwnLogReport | undefined
}

/** What one sync round uses of its workspace's engine. */
export type StorageSyncContext = EngineContext<'local' | 'identity' | 'now' | 'membership' | 'keyring' | 'outbox' | 'docs' | 'progress' | 'rejections' | 'crypto' | 'applyLock' | 'ownLog' | 'screen'>

/** What a sync round asks of the workspace around it, and what it tells it. */
export interface StorageSyncHooks {
  /** Grants and acknowledgements this device owes the team; resolves to the entries written. */
  readonly maintainMembership: () => Promise<number>
  /** The membership may have changed: listeners (the relay room) are told. */
  readonly membershipChanged: () => void
  /** How far a long pull has come. */
  readonly onCatchUp: (progress: PullProgress) => void
}

export async function headKeyFor(ws: { readonly id: string }, url: string): Promise<string[]> {
  return ['ws', ws.id, 'pushed', toHex((await sha256(utf8Encode(url))).subarray(0, 8))]
}

export async function syncWithStorage(
  ws: StorageSyncContext,
  hooks: StorageSyncHooks,
  target: StorageTarget,
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<StorageSyncReport> {
  const { storage } = target
  const { membership, outbox, docs, progress, rejections, crypto, applyLock, ownLog, local, now, identity } = ws.parts
  const listings = await listingsOf(ws).at(target.url)
  let restored = 0
  let genesisRestored = false
  let membershipUploaded = 0
  // One listing of devices/ says whether anything happened; members/ only when it may have changed.
  const markerContext = { storage, ws: ws.id, deviceId: ws.deviceId, membership: () => membership.state, reject }
  const markerListing = await listMarkers(markerContext, listings)
  if (listings.membersDue(membership.size, markerListing.othersChanged, now())) {
    const { listed, remaining } = await membership.pull(storage, reject)
    if (listed.size === 0 && !(await storage.read(paths.workspace(ws.id)))) {
      // A wiped or new folder: put the marker and the genesis back, the genesis names the workspace.
      if (!(await storage.read(ROOT_MARKER_PATH))) await storage.write(ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker())))
      await storage.write(paths.workspace(ws.id), (await local.getBytes(['ws', ws.id, 'genesis']))!)
      restored++
      genesisRestored = true
    }
    membershipUploaded = await membership.push(storage, listed)
    listings.membersListed(membership.size, now(), remaining)
  }
  if ((await hooks.maintainMembership()) > 0) {
    membershipUploaded += await membership.push(storage)
    listings.membersListed(membership.size, now())
  }
  hooks.membershipChanged()

  const markers = await readMarkers(markerContext, markerListing, listings)
  // A device that applied nothing yet starts from a snapshot, once there is anything to catch up on.
  if (await nothingAppliedFrom(progress, markers.heads)) await startFromSnapshot(ws, storage, reject)
  const pulled = await pullFromStorage({
    storage,
    ws: ws.id,
    deviceId: ws.deviceId,
    membership: () => membership.state,
    crypto,
    docs,
    progress,
    rejections,
    applyLock,
    now,
    markers,
    ...(ws.parts.screen && { screen: ws.parts.screen }),
    onProgress: hooks.onCatchUp,
  })
  const headKey = await headKeyFor(ws, target.url)
  const due = await ownLog.due(target.url)
  let ownLogReport: OwnLogReport | undefined
  if (due) {
    const context = { storage, ws: ws.id, deviceId: ws.deviceId, outbox, docs, crypto, membership: () => membership.state }
    ownLogReport = await reconcileOwnLog({ ...context, storedHead: await storedHead(local, headKey) }, { full: due === 'full' })
    await ownLog.done(target.url, due)
  }
  const owed = await membership.announceOwed(storage)
  const pushed = await pushToStorage({
    storage,
    ws: ws.id,
    deviceId: ws.deviceId,
    signer: identity.signing.privateKey,
    outbox,
    local: local,
    headKey,
    ownHead: markers.own,
    announce: owed !== undefined,
    now,
  })
  if (pushed.markerAt !== undefined) listings.ownMarkerWritten(pushed.markerAt)
  if (pushed.markerAt !== undefined && owed !== undefined) await membership.announced(storage, owed)
  return { pushed, pulled, membershipUploaded, restored: restored + pushed.restored + (ownLogReport?.lost ?? 0), genesisRestored, ownLog: ownLogReport }
}

/** Some device announces envelopes, and this device applied none of theirs (cached progress only). */
async function nothingAppliedFrom(progress: ProgressStore, heads: ReadonlyMap<string, number>): Promise<boolean> {
  let announced = false
  for (const [device, head] of heads) {
    if (head === 0) continue
    if ((await progress.get(device)).max > 0) return false
    announced = true
  }
  return announced
}
