// Delta pull from storage. One listing of the progress markers says which logs grew; only
// envelopes past this device's high-water mark for each log are fetched, verified, applied
// in large batches, and only then is progress saved. The cost follows what changed, not the
// size of the workspace.

import { leafId, paths } from '../format/paths.ts'
import type { MarkerFile } from '../format/marker.ts'
import { verifyMarkerFile } from './verify-marker.ts'
import type { DocStore } from '../docs/doc-store.ts'
import type { MembershipState } from '../membership/state.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent, type Mutex } from '../util/async.ts'
import { applyEnvelopes, waitingEnvelopes } from './apply.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'
import type { ProgressStore } from './progress-store.ts'
import type { Rejection } from './rejection.ts'
import type { RejectionLog } from './rejection-log.ts'
import { verifyEnvelope, type VerifiedEnvelope } from './verify-envelope.ts'

const FETCH_CONCURRENCY = 16
/** Envelopes fetched and applied per round, bounding memory on a long catch-up. */
const ROUND_ENVELOPES = 256

export interface PullContext {
  readonly storage: UserStorage
  readonly ws: string
  readonly deviceId: string
  readonly membership: () => MembershipState
  readonly crypto: EnvelopeCrypto
  readonly docs: DocStore
  readonly progress: ProgressStore
  readonly rejections: RejectionLog
  readonly applyLock: Mutex
  readonly now: () => number
}

export interface PullReport {
  envelopes: number
  changes: number
  rejected: Rejection[]
  /** Envelopes a marker announced that storage did not serve (yet). */
  missing: number
  /** The same, by author device. */
  missingBy: Record<string, number>
  /** Envelopes verified but waiting for changes they depend on, by author device. */
  held: Record<string, number>
  /** Devices whose marker in storage is behind what this device already applied. */
  behind: string[]
  /** Our own marker, for the caller's storage-is-behind check. */
  ownMarker: MarkerFile | undefined
}

export async function pullFromStorage(ctx: PullContext): Promise<PullReport> {
  const report: PullReport = { envelopes: 0, changes: 0, rejected: [], missing: 0, missingBy: {}, held: {}, behind: [], ownMarker: undefined }
  const reject = async (r: Omit<Rejection, 'at' | 'source'>): Promise<void> => {
    const rejection: Rejection = { ...r, source: 'storage', at: ctx.now() }
    report.rejected.push(rejection)
    await ctx.rejections.record(rejection)
  }

  const prefix = paths.devicesPrefix(ctx.ws)
  const markerPaths = (await ctx.storage.list(prefix)).filter((p) => leafId(prefix, p) !== undefined)
  const markers = await mapConcurrent(markerPaths, FETCH_CONCURRENCY, async (path) => ({ path, bytes: await ctx.storage.read(path) }))

  const wanted: { device: string; seq: number }[] = []
  for (const { path, bytes } of markers) {
    if (!bytes) continue
    const device = leafId(prefix, path)!
    const check = await verifyMarkerFile(bytes, device, ctx.membership())
    if (!check.ok) {
      await reject({ kind: 'marker', path, device, reason: check.reason, detail: check.detail })
      continue
    }
    const marker = check.value
    if (device === ctx.deviceId) {
      report.ownMarker = marker
      continue
    }
    const progress = await ctx.progress.get(device)
    if (marker.head < progress.max) report.behind.push(device)
    for (const seq of progress.missing(marker.head)) wanted.push({ device, seq })
  }

  const held: VerifiedEnvelope[] = []
  for (let i = 0; i < wanted.length; i += ROUND_ENVELOPES) {
    held.push(...(await pullRound(ctx, wanted.slice(i, i + ROUND_ENVELOPES), report, reject)))
  }
  // A later round may have brought what an earlier one was waiting for.
  await ctx.applyLock.run(async () => {
    const still = await waitingEnvelopes(ctx.docs, held)
    await recordApplied(ctx, held.filter((e) => !still.has(e)), report)
    for (const envelope of still) report.held[envelope.file.device] = (report.held[envelope.file.device] ?? 0) + 1
  })
  return report
}

async function recordApplied(ctx: PullContext, applied: readonly VerifiedEnvelope[], report: PullReport): Promise<void> {
  const touched = new Set<string>()
  for (const envelope of applied) {
    ;(await ctx.progress.get(envelope.file.device)).add(envelope.file.seq)
    touched.add(envelope.file.device)
    report.envelopes++
    report.changes += envelope.changeCount
  }
  for (const device of touched) await ctx.progress.save(device)
}

async function pullRound(
  ctx: PullContext,
  wanted: { device: string; seq: number }[],
  report: PullReport,
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<VerifiedEnvelope[]> {
  const fetched = await mapConcurrent(wanted, FETCH_CONCURRENCY, async (slot) => {
    const path = paths.envelope(ctx.ws, slot.device, slot.seq)
    return { ...slot, path, bytes: await ctx.storage.read(path) }
  })
  const verified: VerifiedEnvelope[] = []
  for (const item of fetched) {
    if (!item.bytes) {
      report.missing++
      report.missingBy[item.device] = (report.missingBy[item.device] ?? 0) + 1
      continue
    }
    const check = await verifyEnvelope(item.bytes, { membership: ctx.membership(), crypto: ctx.crypto, expected: item })
    if (check.ok) verified.push(check.value)
    else await reject({ kind: 'envelope', path: item.path, device: item.device, seq: item.seq, reason: check.reason, detail: check.detail })
  }
  return ctx.applyLock.run(async () => {
    // The relay may have delivered some of these while they were being fetched.
    const fresh: VerifiedEnvelope[] = []
    for (const envelope of verified) if (!(await ctx.progress.get(envelope.file.device)).has(envelope.file.seq)) fresh.push(envelope)
    const result = await applyEnvelopes(ctx.docs, fresh)
    for (const { envelope, detail } of result.failed) {
      const { device, seq } = envelope.file
      await reject({ kind: 'envelope', path: paths.envelope(ctx.ws, device, seq), device, seq, reason: 'apply-failed', detail })
    }
    await recordApplied(ctx, result.applied, report)
    return result.held
  })
}

/** One report for a sync over several storage locations. */
export function mergePulls(reports: readonly PullReport[]): PullReport {
  return {
    envelopes: reports.reduce((a, r) => a + r.envelopes, 0),
    changes: reports.reduce((a, r) => a + r.changes, 0),
    rejected: reports.flatMap((r) => r.rejected),
    missing: Math.min(...reports.map((r) => r.missing)),
    // Missing only where no location served it: what one location lacks, another may have.
    missingBy: Object.fromEntries(
      Object.keys(Object.assign({}, ...reports.map((r) => r.missingBy)) as Record<string, number>)
        .map((device) => [device, Math.min(...reports.map((r) => r.missingBy[device] ?? 0))] as const)
        .filter(([, count]) => count > 0),
    ),
    held: Object.assign({}, ...reports.map((r) => r.held)) as Record<string, number>,
    behind: [...new Set(reports.flatMap((r) => r.behind))],
    ownMarker: reports[0]?.ownMarker,
  }
}
