// Folding the membership log into state. Every member folds the same set of entries the same
// way, so every member ends with the same membership whatever order entries arrived in:
//
// 1. Order: a topological order over the parent links; among entries ready at the same time,
//    the one whose author's member is most senior (arrived earliest) goes first, then the
//    lower entry hash. Each entry is checked against the state its predecessors produced.
// 2. Removal wins: when a device (or member) is removed, everything its devices wrote that
//    the removal does not descend from — i.e. concurrent with or after it — is void. When an
//    admin is demoted, its concurrent admin actions are void. Entries folded after the loss
//    are void on the spot; entries folded before it that it does not descend from are voided
//    and the log is folded again, until nothing more is voided.
//
// Each pass is O(n log n) in the number of entries (fold-pass.ts, ready-queue.ts); a further
// pass happens only when a removal voids an entry folded before it. Written up in
// docs/THREAT_MODEL.md and docs/FORMAT.md.

import type { GenesisFile, MemberEntry } from './entries.ts'
import { foldGraph, foldPass, type FoldStats } from './fold-pass.ts'
import type { SignatureCache } from './rules.ts'
import type { MembershipState } from './state.ts'

export type { SignatureCache } from './rules.ts'
export type { FoldStats } from './fold-pass.ts'

export function emptyFoldStats(): FoldStats {
  return { rounds: 0, entriesFolded: 0, queueOperations: 0, ancestryVisits: 0 }
}

export async function foldMembership(
  genesisHash: string,
  genesis: GenesisFile,
  entries: ReadonlyMap<string, MemberEntry>,
  cache: SignatureCache = new Map(),
  stats: FoldStats = emptyFoldStats(),
): Promise<MembershipState> {
  const graph = foldGraph(genesisHash, genesis, entries)
  const voided = new Map<string, string>()
  for (;;) {
    stats.rounds++
    const { state, retroactive } = await foldPass(graph, cache, voided, stats)
    const before = voided.size
    for (const [hash, why] of retroactive) if (!voided.has(hash)) voided.set(hash, why)
    if (voided.size === before) return state
  }
}
