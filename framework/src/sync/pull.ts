// Delta pull from storage. The progress markers (markers.ts: one listing, reads only of the
// markers that changed) say which logs grew; only envelopes past this device's high-water mark
// for each log are fetched, verified, applied in large batches, and only then is progress
// saved. The cost follows what changed, not the size of the workspace — nor what a marker claims (invariant 13): each log is read in order,
// a window at a time, up to a per-sync cap, and no further than its first missing file or
// first refusal; a marker announcing more than its device may write is refused.

import type { PullReport } from '../api/sync-report.ts'
import { paths } from '../format/paths.ts'
import { MAX_ENVELOPE_BYTES } from '../format/envelope.ts'
import { readBounded } from '../storage/bounded-read.ts'
import type { DocStore } from '../docs/doc-store.ts'
import { erasedDocs, type MembershipState } from '../membership/state.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent, type Mutex } from '../util/async.ts'
import { applyEnvelopes, waitingEnvelopes } from './apply.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'
import type { ProgressStore } from './progress-store.ts'
import type { Rejection } from './rejection.ts'
import type { RejectionLog } from './rejection-log.ts'
import { verifyEnvelope, type VerifiedEnvelope } from './verify-envelope.ts'
import type { MarkerHeads } from './markers.ts'
import type { ChangeScreen } from './change-screen.ts'
import { startTally, type PullProgressListener, type PullTally } from './pull-progress.ts'

const FETCH_CONCURRENCY = 16
/**
 * Envelopes of one device fetched per round (every device's window is applied in one call). A
 * log's first window is small and each next one larger: a marker that claims far more than
 * storage holds costs a few reads, a long catch-up soon runs at full width.
 */
const FIRST_WINDOW = 8
const WINDOW = 256
/** Envelopes of one device a sync fetches at most: a long catch-up continues next sync. */
export const PER_DEVICE_PER_SYNC = 4096

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
  /** What this storage's markers announce (markers.ts), read before the pull. */
  readonly markers: MarkerHeads
  /** The app's rules, when it registered any. */
  readonly screen?: ChangeScreen
  /** Told after each round how far the pull is (pull-progress.ts). */
  readonly onProgress?: PullProgressListener
}

export async function pullFromStorage(ctx: PullContext): Promise<PullReport> {
  const report: PullReport = { envelopes: 0, changes: 0, rejected: [], missing: 0, missingBy: {}, held: {}, behind: [] }
  const reject = async (r: Omit<Rejection, 'at' | 'source'>): Promise<void> => {
    const rejection: Rejection = { ...r, source: 'storage', at: ctx.now() }
    report.rejected.push(rejection)
    await ctx.rejections.record(rejection)
  }

  const logs: LogPlan[] = []
  for (const [device, head] of ctx.markers.heads) {
    const progress = await ctx.progress.get(device)
    if (head < progress.max) report.behind.push(device)
    if (head > progress.highWater) logs.push({ device, head, after: 0, fetched: 0, done: false, tip: await ctx.progress.tip(device), window: FIRST_WINDOW, gapAt: Infinity })
  }

  const tally = await startTally(ctx.progress, logs, ctx.onProgress)
  const held: VerifiedEnvelope[] = []
  for (let active = logs; active.length > 0; active = active.filter((log) => !log.done)) {
    held.push(...(await pullRound(ctx, active, report, reject, tally)))
  }
  // A later round may have brought what an earlier one was waiting for.
  await ctx.applyLock.run(async () => {
    const still = await waitingEnvelopes(ctx.docs, held)
    await recordApplied(ctx, held.filter((e) => !still.has(e)), report)
    for (const envelope of still) report.held[envelope.file.device] = (report.held[envelope.file.device] ?? 0) + 1
  })
  return report
}

/** One device's log in this pull: how far it announces, how far this pull has read it. */
interface LogPlan {
  readonly device: string
  readonly head: number
  /** The last number this pull tried. */
  after: number
  fetched: number
  done: boolean
  /** The hash of the last envelope verified in order: the next one's expected prev. */
  tip: { seq: number; hash: string } | undefined
  /** This round's window for the log. */
  window: number
  /** The first number storage did not serve in this round: nothing past it is read. */
  gapAt: number
}

async function recordApplied(ctx: PullContext, applied: readonly VerifiedEnvelope[], report: PullReport): Promise<void> {
  const touched = new Set<string>()
  for (const envelope of [...applied].sort((a, b) => a.file.seq - b.file.seq)) {
    await ctx.progress.applied(envelope.file.device, envelope.file.seq, envelope.hash)
    touched.add(envelope.file.device)
    report.envelopes++
    report.changes += envelope.changeCount
  }
  for (const device of touched) await ctx.progress.save(device)
}

async function pullRound(
  ctx: PullContext,
  logs: readonly LogPlan[],
  report: PullReport,
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
  tally: PullTally,
): Promise<VerifiedEnvelope[]> {
  const slots: { log: LogPlan; seq: number }[] = []
  for (const log of logs) {
    const progress = await ctx.progress.get(log.device)
    const budget = Math.min(log.window, PER_DEVICE_PER_SYNC - log.fetched)
    log.window = Math.min(WINDOW, log.window * 8)
    const seqs = progress.missingAfter(Math.max(log.after, progress.highWater), log.head, budget)
    if (seqs.length === 0) log.done = true
    for (const seq of seqs) slots.push({ log, seq })
  }
  const fetched = await mapConcurrent(slots, FETCH_CONCURRENCY, async (slot) => {
    const path = paths.envelope(ctx.ws, slot.log.device, slot.seq)
    // Past a number storage did not serve, nothing can be applied: not even worth a read.
    if (slot.seq > slot.log.gapAt) return { ...slot, path, read: { ok: true, bytes: undefined } as const, skipped: true }
    const read = await readBounded(ctx.storage, path, MAX_ENVELOPE_BYTES)
    if (read.ok && !read.bytes) slot.log.gapAt = Math.min(slot.log.gapAt, slot.seq)
    return { ...slot, path, read, skipped: false }
  })
  const verified: VerifiedEnvelope[] = []
  for (const item of fetched) {
    const { log, seq, path } = item
    if (log.done || item.skipped) continue // stopped earlier in this window
    log.after = seq
    log.fetched++
    if (!item.read.ok) {
      await reject({ kind: 'envelope', path, device: log.device, seq, reason: 'malformed', detail: item.read.detail })
      log.done = true
      continue
    }
    const bytes = item.read.bytes
    if (!bytes) {
      // Nothing past a missing file can be applied; storage may serve it next time.
      const count = log.head - seq + 1
      report.missing += count
      report.missingBy[log.device] = (report.missingBy[log.device] ?? 0) + count
      log.done = true
      continue
    }
    tally.fetched(bytes.length)
    const prev = seq === 1 ? '' : log.tip?.seq === seq - 1 ? log.tip.hash : undefined
    const check = await verifyEnvelope(bytes, { membership: ctx.membership(), crypto: ctx.crypto, expected: { device: log.device, seq }, ...(prev !== undefined && { prev }) })
    if (!check.ok) {
      await reject({ kind: 'envelope', path, device: log.device, seq, reason: check.reason, detail: check.detail })
      log.done = true
      continue
    }
    log.tip = { seq, hash: check.value.hash }
    verified.push(check.value)
    if (log.fetched >= PER_DEVICE_PER_SYNC) log.done = true
  }
  return ctx.applyLock.run(async () => {
    // The relay may have delivered some of these while they were being fetched.
    const fresh: VerifiedEnvelope[] = []
    for (const envelope of verified) if (!(await ctx.progress.get(envelope.file.device)).has(envelope.file.seq)) fresh.push(envelope)
    const result = await applyEnvelopes(ctx.docs, fresh, ctx.screen, erasedDocs(ctx.membership()))
    for (const { envelope, detail } of result.failed) {
      const { device, seq } = envelope.file
      await reject({ kind: 'envelope', path: paths.envelope(ctx.ws, device, seq), device, seq, reason: 'apply-failed', detail })
    }
    for (const { envelope, docId, refusal } of result.refused) {
      const { device, seq } = envelope.file
      await reject({ kind: 'envelope', path: paths.envelope(ctx.ws, device, seq), device, seq, reason: 'rule-broken', detail: `rule ${refusal.rule} (document ${docId.slice(0, 8)}…): ${refusal.detail}` })
    }
    // A rule's verdict is final for this app version: the envelope counts as processed.
    await recordApplied(ctx, [...result.applied, ...result.refused.map((r) => r.envelope)], report)
    tally.applied(report.envelopes)
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
  }
}
