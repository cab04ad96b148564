// Judging a batch of changes to one document for the engine: in causal order, each as its
// author made it, and every change that depends on a refused one refused with it (it was made
// on top of something no peer keeps). Changes the document is still waiting on dependencies
// for are left alone: they are judged when they apply.

import * as A from '@automerge/automerge'
import type { ChangeAuthor, Verdict } from './rule.ts'
import type { ChangeValidator } from './change-validator.ts'

export type Refusal = Extract<Verdict, { ok: false }>

/**
 * Refused changes by hash. `doc` must already hold the changes (e.g. a clone with the batch
 * applied); `authorOf` maps an actor id to its device, member and role; `refusedBefore` holds
 * changes refused in earlier batches (never applied, so changes built on them would otherwise
 * wait for them forever).
 */
export function screenChanges(
  validator: ChangeValidator,
  docId: string,
  doc: A.Doc<unknown>,
  changes: readonly Uint8Array[],
  authorOf: (actor: string) => ChangeAuthor,
  refusedBefore: ReadonlySet<string> = new Set(),
): Map<string, Refusal> {
  const refusals = new Map<string, Refusal>()
  for (const { change, hash, deps, actor } of causalOrder(changes)) {
    const refusedDep = deps.find((d) => refusals.has(d) || refusedBefore.has(d))
    if (refusedDep !== undefined) {
      const rule = refusals.get(refusedDep)?.rule ?? 'clientful/depends-on-refused'
      refusals.set(hash, { ok: false, rule, detail: `made on top of a refused change (${refusedDep.slice(0, 12)}…)` })
      continue
    }
    if (!A.hasHeads(doc, [hash])) continue
    const verdict = validator.check(docId, doc, change, authorOf(actor))
    if (!verdict.ok) refusals.set(hash, verdict)
  }
  return refusals
}

interface Decoded {
  readonly change: Uint8Array
  readonly hash: string
  readonly deps: readonly string[]
  readonly actor: string
}

/** Parents before children within the batch; otherwise the batch's own order. */
function causalOrder(changes: readonly Uint8Array[]): Decoded[] {
  const decoded = changes.map((change) => {
    const meta = A.decodeChange(change)
    return { change, hash: meta.hash!, deps: meta.deps, actor: meta.actor }
  })
  const byHash = new Map(decoded.map((d) => [d.hash, d]))
  const done = new Set<string>()
  const ordered: Decoded[] = []
  const visit = (item: Decoded): void => {
    const stack: { item: Decoded; next: number }[] = [{ item, next: 0 }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      if (done.has(top.item.hash)) {
        stack.pop()
        continue
      }
      const dep = top.item.deps[top.next++]
      if (dep === undefined) {
        done.add(top.item.hash)
        ordered.push(top.item)
        stack.pop()
      } else {
        const parent = byHash.get(dep)
        if (parent && !done.has(parent.hash)) stack.push({ item: parent, next: 0 })
      }
    }
  }
  for (const item of decoded) visit(item)
  return ordered
}
