// Helpers for pulling membership entries: which unseen files one pull fetches, what becomes
// of each screened file, and how what was refused is reported. Work per pull is bounded: at most PULL_FETCH_LIMIT files are fetched
// and screened, and at most REPORT_LIMIT refusals are reported one by one (the rest in one line).

import type { Rejection } from '../api/rejection.ts'
import type { MemberEntry } from './entries.ts'
import type { Remembered } from './refusal-memory.ts'
import type { Screened } from './screen-entries.ts'

export const PULL_FETCH_LIMIT = 256
const REPORT_LIMIT = 16

/**
 * Up to `limit` of the unseen hashes: first those that entries already held name as parents
 * (the log cannot fold past them), then the rest from a random starting point, so that no
 * choice of names keeps a file at the back of the line for long.
 */
export function chooseFetches(unseen: readonly string[], wantedParents: ReadonlySet<string>, limit: number, random: () => number = Math.random): string[] {
  const wanted = unseen.filter((h) => wantedParents.has(h))
  const rest = unseen.filter((h) => !wantedParents.has(h)).sort()
  const start = Math.floor(random() * rest.length)
  return [...wanted, ...rest.slice(start), ...rest.slice(0, start)].slice(0, limit)
}

/** What to keep, which devices and invites that admits, and what to remember as refused. */
export function sortVerdicts(
  verdicts: readonly Screened[],
  location: string,
): { accepted: { hash: string; entry: MemberEntry }[]; admitted: string[]; remembered: Remembered[] } {
  const accepted: { hash: string; entry: MemberEntry }[] = []
  const admitted: string[] = []
  const remembered: Remembered[] = []
  for (const verdict of verdicts) {
    if (verdict.kind === 'accepted') {
      const { hash, entry } = verdict
      accepted.push({ hash, entry })
      if (entry.type === 'invite') admitted.push(hash)
      if (entry.type === 'join' || entry.type === 'add-device') admitted.push(entry.body.device.id)
    } else if (verdict.kind === 'deferred') remembered.push({ hash: verdict.hash, reason: 'unknown-device', waitsOn: verdict.waitsOn })
    else remembered.push({ hash: verdict.hash, reason: verdict.reason, ...(verdict.scope === 'copy' ? { location } : {}) })
  }
  return { accepted, admitted, remembered }
}

export async function reportRefusals(
  verdicts: readonly Screened[],
  pathOf: (hash: string) => string,
  reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>,
): Promise<void> {
  const refused = verdicts.filter((v) => v.kind !== 'accepted')
  for (const v of refused.slice(0, REPORT_LIMIT)) {
    const reason = v.kind === 'deferred' ? 'unknown-device' : v.reason
    await reject({ kind: 'member-entry', path: pathOf(v.hash), reason, detail: v.detail, ...(v.device ? { device: v.device } : {}) })
  }
  const more = refused.length - REPORT_LIMIT
  if (more > 0) {
    await reject({ kind: 'member-entry', reason: 'malformed', detail: `${more} more membership files refused before they were stored (bad signatures, strangers' entries or garbage)` })
  }
}
