// One sync round with one storage: membership both ways (and upkeep), the log pull, then our
// own log up to date there — restoring what the storage lost, including the genesis.

import { paths } from '../format/paths.ts'
import { ROOT_MARKER_PATH, rootMarker } from '../format/version.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import { maintainMembership } from '../workspace/maintain-membership.ts'
import type { Workspace } from '../workspace/workspace.ts'
import { pullFromStorage, type PullReport } from './pull.ts'
import { pushToStorage, storedHead, type PushReport } from './push.ts'
import { reconcileOwnLog, type OwnLogReport } from './reconcile-own-log.ts'
import type { Rejection } from './rejection.ts'
import { startFromSnapshot } from './snapshots.ts'

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
  let restored = 0
  const { listed } = await membership.pull(storage, reject)
  if (listed.size === 0 && !(await storage.read(paths.workspace(ws.id)))) {
    // A wiped or new folder: put the marker and the genesis back, the genesis names the workspace.
    if (!(await storage.read(ROOT_MARKER_PATH))) await storage.write(ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker())))
    await storage.write(paths.workspace(ws.id), (await deps.local.getBytes(['ws', ws.id, 'genesis']))!)
    restored++
  }
  let membershipUploaded = await membership.push(storage, listed)
  if ((await maintainMembership(ws, ws.lockboxOpeners(), reject)) > 0) membershipUploaded += await membership.push(storage)
  ws.membershipChanged()

  await startFromSnapshot(ws, storage, reject)
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
  const pushed = await pushToStorage({
    storage,
    ws: ws.id,
    deviceId: ws.deviceId,
    signer: deps.identity.signing.privateKey,
    outbox,
    local: deps.local,
    headKey,
    ownMarker: pulled.ownMarker,
    now: deps.now,
  })
  return { pushed, pulled, membershipUploaded, restored: restored + pushed.restored + (ownLogReport?.lost ?? 0), ownLog: ownLogReport }
}
