// One sync round with one storage: the markers (one listing), membership both ways when it may
// have changed (and upkeep), the log pull, then our own log up to date there — restoring what
// the storage lost, including the genesis. A quiet sync costs that one listing.

import { paths } from '../format/paths.ts'
import { ROOT_MARKER_PATH, rootMarker } from '../format/version.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import { maintainMembership } from '../workspace/maintain-membership.ts'
import type { Workspace } from '../workspace/workspace.ts'
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

export async function headKeyFor(ws: Workspace, url: string): Promise<string[]> {
  return ['ws', ws.id, 'pushed', toHex((await sha256(utf8Encode(url))).subarray(0, 8))]
}

export async function syncWithStorage(
  ws: Workspace,
  target: StorageTarget,
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<StorageSyncReport> {
  const { storage } = target
  const { membership, outbox, docs, progress, rejections, crypto, deps, applyLock, ownLog } = ws.parts
  const listings = await listingsOf(ws.parts).at(target.url)
  let restored = 0
  let genesisRestored = false
  let membershipUploaded = 0
  // One listing of devices/ says whether anything happened; members/ only when it may have changed.
  const markerContext = { storage, ws: ws.id, deviceId: ws.deviceId, membership: () => membership.state, reject }
  const markerListing = await listMarkers(markerContext, listings)
  if (listings.membersDue(membership.size, markerListing.othersChanged, deps.now())) {
    const { listed, remaining } = await membership.pull(storage, reject)
    if (listed.size === 0 && !(await storage.read(paths.workspace(ws.id)))) {
      // A wiped or new folder: put the marker and the genesis back, the genesis names the workspace.
      if (!(await storage.read(ROOT_MARKER_PATH))) await storage.write(ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker())))
      await storage.write(paths.workspace(ws.id), (await deps.local.getBytes(['ws', ws.id, 'genesis']))!)
      restored++
      genesisRestored = true
    }
    membershipUploaded = await membership.push(storage, listed)
    listings.membersListed(membership.size, deps.now(), remaining)
  }
  if ((await maintainMembership(ws, ws.lockboxOpeners(), reject)) > 0) {
    membershipUploaded += await membership.push(storage)
    listings.membersListed(membership.size, deps.now())
  }
  ws.membershipChanged()

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
    now: deps.now,
    markers,
    ...(ws.parts.screen && { screen: ws.parts.screen }),
    onProgress: (catchUp) => ws.updateStatus({ catchUp }),
  })
  const headKey = await headKeyFor(ws, target.url)
  const due = await ownLog.due(target.url)
  let ownLogReport: OwnLogReport | undefined
  if (due) {
    const context = { storage, ws: ws.id, deviceId: ws.deviceId, outbox, docs, crypto, membership: () => membership.state }
    ownLogReport = await reconcileOwnLog({ ...context, storedHead: await storedHead(deps.local, headKey) }, { full: due === 'full' })
    await ownLog.done(target.url, due)
  }
  const owed = await membership.announceOwed(storage)
  const pushed = await pushToStorage({
    storage,
    ws: ws.id,
    deviceId: ws.deviceId,
    signer: deps.identity.signing.privateKey,
    outbox,
    local: deps.local,
    headKey,
    ownHead: markers.own,
    announce: owed !== undefined,
    now: deps.now,
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
