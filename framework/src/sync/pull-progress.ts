// How far a pull from storage is, for a device far behind: envelopes applied of those the
// markers announce, and bytes fetched. Told after each round (one window per device's log),
// so the app can say "1,200 of 48,000 changes" while what arrived is already on screen.

import type { PullProgress } from '../api/workspace-status.ts'
import type { ProgressStore } from './progress-store.ts'

export type PullProgressListener = (progress: PullProgress) => void

export interface PullTally {
  fetched(bytes: number): void
  applied(envelopes: number): void
}

const SILENT: PullTally = { fetched: () => undefined, applied: () => undefined }

export async function startTally(progress: ProgressStore, logs: readonly { readonly device: string; readonly head: number }[], listener: PullProgressListener | undefined): Promise<PullTally> {
  if (!listener) return SILENT
  let of = 0
  for (const log of logs) of += Math.max(0, log.head - (await progress.get(log.device)).highWater)
  if (of === 0) return SILENT
  let bytes = 0
  listener({ envelopes: 0, of, bytes })
  return {
    fetched: (count) => void (bytes += count),
    applied: (envelopes) => listener({ envelopes: Math.min(envelopes, of), of, bytes }),
  }
}
