// What one Automerge change did, read from its ops: which root keys it wrote (entries and the
// framework's own keys), its author, message and dependencies. Decoding a change and locating
// the objects it touched costs well under a millisecond, where diffing two states of a large
// document costs tens (see docs/APP-MODEL.md, "Cost").

import * as A from '@automerge/automerge'

export interface ChangeEffect {
  readonly hash: string
  readonly deps: A.Heads
  readonly actor: string
  readonly message: string | null
  /** When the author says it made the change (ms since epoch; the author's clock). */
  readonly time: number
  /** Root keys this change wrote, deleted or wrote inside. */
  readonly touched: ReadonlySet<string>
}

/** Effects by change hash: a change's effect never changes, so they are worth keeping. */
export class ChangeEffects {
  readonly #known = new Map<string, ChangeEffect>()
  readonly #limit: number
  /**
   * The edits found so far per trash record, and the heads they were looked for up to: a read
   * after a change looks at that change only, not again at everything since each delete
   * (trash/edits-since-delete.ts).
   */
  readonly deleteEdits: { at: A.Heads; byRecord: Map<string, ChangeEffect[]> } = { at: [], byRecord: new Map() }

  constructor(limit = 20_000) {
    this.#limit = limit
  }

  #lastSince: { from: string; to: string; effects: ChangeEffect[] } | undefined

  /**
   * Effects of the changes in `doc` outside the history of `heads`. The last answer is kept:
   * after a change, the view and every trash record ask about the same step.
   */
  since(doc: A.Doc<unknown>, heads: A.Heads): ChangeEffect[] {
    const from = heads.join()
    const to = A.getHeads(doc).join()
    if (this.#lastSince?.from === from && this.#lastSince.to === to) return this.#lastSince.effects
    const effects = A.getChangesSince(doc, [...heads]).map((change) => this.of(doc, change))
    this.#lastSince = { from, to, effects }
    return effects
  }

  /** The effect of `change`, which must be in `doc`. */
  of(doc: A.Doc<unknown>, change: Uint8Array): ChangeEffect {
    const decoded = A.decodeChange(change)
    const known = this.#known.get(decoded.hash!)
    if (known) return known
    const effect = decodeEffect(doc, decoded)
    if (this.#known.size >= this.#limit) this.#known.delete(this.#known.keys().next().value!)
    this.#known.set(effect.hash, effect)
    return effect
  }
}

function decodeEffect(doc: A.Doc<unknown>, change: A.DecodedChange): ChangeEffect {
  const backend = A.getBackend(doc)
  const hash = change.hash!
  const touched = new Set<string>()
  const rootOf = new Map<string, string | undefined>()
  for (const op of change.ops) {
    if (op.obj === '_root') {
      if (typeof op.key === 'string') touched.add(op.key)
      continue
    }
    if (!rootOf.has(op.obj)) {
      // Where the object sits right after this change; an object its own change already
      // removed has no path and no visible effect.
      let path: A.Prop[] | undefined
      try {
        path = backend.objInfo(op.obj, [hash]).path
      } catch {
        path = undefined
      }
      rootOf.set(op.obj, typeof path?.[0] === 'string' ? path[0] : undefined)
    }
    const root = rootOf.get(op.obj)
    if (root !== undefined) touched.add(root)
  }
  return { hash, deps: change.deps, actor: change.actor, message: change.message ?? null, time: change.time * 1000, touched }
}
