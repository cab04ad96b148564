// One sentence per sync problem, for a status bar or a CLI: what is wrong, about which device
// (its id shortened), since when. Ids only — never content or keys.

import type { SyncProblem } from '../api/workspace-status.ts'

/** A sync problem in words; `time` formats the moment it was first seen. */
export function describeSyncProblem(problem: SyncProblem, time: (at: number) => string = (at) => new Date(at).toLocaleTimeString()): string {
  const device = 'device' in problem ? `${problem.device.slice(0, 8)}…` : ''
  const since = time(problem.since)
  switch (problem.kind) {
    case 'missing-envelopes':
      return `${problem.count} change set(s) from device ${device} are announced but not in storage (since ${since})`
    case 'unconfirmed-relay':
      return `${problem.count} change set(s) device ${device} showed live are not in storage (since ${since})`
    case 'kept-after-cut':
      return `This device keeps ${problem.count} change set(s) of device ${device} made after it lost the right to write (received before the news)`
    case 'equivocation':
      return `Device ${device} signed two different versions of its change set #${problem.seq}: the other one is refused (since ${since})`
    case 'erasure-pending':
      return `This device still has to rewrite its files in storage for ${problem.count} erasure(s): it retries at every sync (since ${since})`
    case 'waiting-for-changes':
      return `${problem.count} change set(s) from device ${device} wait for earlier changes that have not arrived (since ${since})`
    case 'own-log-repaired': {
      const parts = [
        problem.lost > 0 && `${problem.lost} lost file(s) uploaded again`,
        problem.collisions > 0 && `${problem.collisions} conflicting upload(s) from an older version resolved`,
        problem.adopted > 0 && `${problem.adopted} upload(s) from another tab recovered`,
        problem.resealed > 0 && `${problem.resealed} change(s) sent again`,
      ].filter(Boolean)
      return `This device's changes in ${problem.url} were repaired: ${parts.join(', ')}`
    }
  }
}
