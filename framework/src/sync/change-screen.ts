// The seam between the apply path and an app's rules (app-model's ChangeValidator): which
// changes of a batch to refuse, by hash, with the rule each broke. The workspace builds it from
// the document types the app registered; without types nothing is screened.

import type * as A from '@automerge/automerge'
import type { MembershipState } from '../membership/state.ts'
import type { RefusedChanges } from './refused-changes.ts'

export interface ScreenRefusal {
  readonly rule: string
  readonly detail: string
}

export interface ChangeScreen {
  /** Whether `doc` (as it would be with the batch) has a type with rules on this device. */
  covers(docId: string, doc: A.Doc<unknown>): boolean
  /** The changes to refuse; `doc` holds the batch applied tentatively. Remembers what it refuses. */
  refuse(docId: string, doc: A.Doc<unknown>, changes: readonly Uint8Array[]): Promise<ReadonlyMap<string, ScreenRefusal>>
}

/** What a workspace gives the rules: who wrote what, and what was refused before. */
export interface ChangeScreenContext {
  readonly deviceId: string
  readonly membership: () => MembershipState
  readonly refused: RefusedChanges
}

/** Builds a workspace's screen (app-model's `checkedTypes(types)` is one). */
export type ChangeScreenFactory = (context: ChangeScreenContext) => ChangeScreen
