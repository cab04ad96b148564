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

  constructor(limit = 20_000) {
    this.#limit = limit
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
