// A write worked out from the current state, not yet made: a typed document checks it against
// the rules on a copy before making it, the CLI makes it at once. Expected refusals are values.

export interface PlannedWrite {
  /** The change message (the framework's upkeep is recognised by it). */
  readonly message: string
  readonly edit: (root: Record<string, unknown>) => void
}

export type Plan<Reason extends string> = { readonly ok: true; readonly write: PlannedWrite } | { readonly ok: false; readonly reason: Reason; readonly detail: string }
