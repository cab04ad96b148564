// "Does this removal descend from that entry?" — asked only for entries a removed or demoted
// device had folded before its removal. The walk goes up from the removal and stops at
// entries folded before the earliest candidate: an ancestor of those cannot be a candidate's
// descendant, so it cannot lead back to one.

export interface AncestryGraph {
  parentsOf(hash: string): readonly string[]
  /** Position in this fold pass; undefined for the genesis and for entries not folded. */
  foldIndex(hash: string): number | undefined
}

export function ancestorsAmong(graph: AncestryGraph, descendant: string, candidates: readonly string[], count: (visited: number) => void): Set<string> {
  const wanted = new Set(candidates)
  const found = new Set<string>()
  let lowest = Number.POSITIVE_INFINITY
  for (const hash of candidates) lowest = Math.min(lowest, graph.foldIndex(hash) ?? Number.POSITIVE_INFINITY)
  const seen = new Set<string>()
  const stack = [...graph.parentsOf(descendant)]
  while (stack.length > 0 && found.size < wanted.size) {
    const hash = stack.pop()!
    if (seen.has(hash)) continue
    seen.add(hash)
    const index = graph.foldIndex(hash)
    if (index === undefined || index < lowest) continue
    if (wanted.has(hash)) found.add(hash)
    stack.push(...graph.parentsOf(hash))
  }
  count(seen.size)
  return found
}
