// The status's list of problems after a sync: what the pull could not get (envelopes a marker
// announced but no storage served, envelopes waiting for changes they build on) and what the
// check of our own log repaired. A problem keeps the time it was first seen until it is gone.

import type { PullReport } from '../api/sync-report.ts'
import type { OwnLogReport } from '../sync/reconcile-own-log.ts'
import type { Unconfirmed } from '../sync/confirm-relayed.ts'
import type { Rejection } from '../sync/rejection.ts'
import type { SyncProblem } from '../api/workspace-status.ts'

/** What this device holds of other devices that storage or the rules do not back. */
export interface UnbackedChanges {
  readonly unconfirmed: readonly Unconfirmed[]
  /** Per device: applied envelopes past the last it may write. */
  readonly keptAfterCut: ReadonlyMap<string, number>
}

export function problemsAfterSync(
  previous: readonly SyncProblem[],
  pulled: PullReport,
  ownLogs: readonly { url: string; report: OwnLogReport }[],
  now: number,
  unbacked: UnbackedChanges = { unconfirmed: [], keptAfterCut: new Map() },
  erasuresPending = 0,
): SyncProblem[] {
  const since = (kind: SyncProblem['kind'], key: string): number =>
    previous.find((p) => p.kind === kind && keyOf(p) === key)?.since ?? now
  const problems: SyncProblem[] = previous.filter((p) => p.kind === 'equivocation')
  for (const rejection of pulled.rejected) problems.push(...equivocationOf(problems, rejection, now))
  for (const [device, count] of Object.entries(pulled.missingBy)) {
    problems.push({ kind: 'missing-envelopes', device, count, since: since('missing-envelopes', device) })
  }
  for (const [device, count] of Object.entries(pulled.held)) {
    problems.push({ kind: 'waiting-for-changes', device, count, since: since('waiting-for-changes', device) })
  }
  for (const { device, count, since: at } of unbacked.unconfirmed) problems.push({ kind: 'unconfirmed-relay', device, count, since: at })
  for (const [device, count] of unbacked.keptAfterCut) problems.push({ kind: 'kept-after-cut', device, count, since: since('kept-after-cut', device) })
  problems.push(...erasurePending(previous, erasuresPending, now))
  // A repair stays on show for the rest of the session (the check runs once per session).
  const repaired = new Map(previous.filter((p) => p.kind === 'own-log-repaired').map((p) => [keyOf(p), p]))
  for (const { url, report } of ownLogs) {
    const { lost, collisions, adopted, resealed } = report
    if (lost + collisions + adopted + resealed > 0) repaired.set(url, { kind: 'own-log-repaired', url, lost, collisions, adopted, resealed, since: now })
  }
  return [...problems, ...repaired.values()].sort((a, b) => a.since - b.since)
}

/** Erasures this device still owes, as a problem (none when it owes none), since when first seen. */
export function erasurePending(previous: readonly SyncProblem[], count: number, now: number): SyncProblem[] {
  if (count === 0) return []
  return [{ kind: 'erasure-pending', count, since: previous.find((p) => p.kind === 'erasure-pending')?.since ?? now }]
}

function keyOf(problem: SyncProblem): string {
  if (problem.kind === 'erasure-pending') return ''
  return problem.kind === 'own-log-repaired' ? problem.url : problem.device
}

/** A fork refused (from storage or the relay), as a problem — once per device. */
export function equivocationOf(known: readonly SyncProblem[], rejection: Rejection, now: number): SyncProblem[] {
  if (rejection.reason !== 'equivocation' || rejection.device === undefined) return []
  if (known.some((p) => p.kind === 'equivocation' && p.device === rejection.device)) return []
  return [{ kind: 'equivocation', device: rejection.device, seq: rejection.seq ?? 0, since: now }]
}
