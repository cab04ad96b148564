// The rule runner: every change that leads from one state of a typed document to another,
// judged as its author made it. `after` must descend from `before` (e.g. `before` plus a
// tentative edit, or plus changes that arrived).

import * as A from '@automerge/automerge'
import { ChangeEffects } from '../change-effect.ts'
import { judgeChange } from './judge-change.ts'
import type { JudgedType } from './judged-type.ts'
import { ACCEPTED, type ChangeAuthor, type Verdict } from './rule.ts'

export interface ValidateOptions {
  /** The changes are this device's own. */
  readonly own?: boolean
  readonly effects?: ChangeEffects
}

export function validate<E>(type: JudgedType<E>, before: A.Doc<unknown>, after: A.Doc<unknown>, author: ChangeAuthor, options: ValidateOptions = {}): Verdict {
  const effects = options.effects ?? new ChangeEffects()
  for (const change of A.getChanges(before, after)) {
    const verdict = judgeChange({ type: type as JudgedType<unknown>, doc: after, effect: effects.of(after, change), author, own: options.own ?? false, effects })
    if (!verdict.ok) return verdict
  }
  return ACCEPTED
}
