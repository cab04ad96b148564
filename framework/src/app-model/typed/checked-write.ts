// A write to a typed document is first made on a copy and judged by the rules every peer runs;
// only a write they accept is made on the document, so this device never publishes a change
// its peers would refuse.

import * as A from '@automerge/automerge'
import type { DocHandle } from '../../docs/doc-handle.ts'
import type { ChangeEffects } from '../change-effect.ts'
import type { PlannedWrite } from '../planned-write.ts'
import type { JudgedType } from '../rules/judged-type.ts'
import type { ChangeAuthor, Verdict } from '../rules/rule.ts'
import { validate } from '../rules/validate.ts'
import { WRITTEN, type WriteResult } from './write-result.ts'

export interface CheckedWriteInput<E> {
  readonly type: JudgedType<E>
  readonly handle: DocHandle<Record<string, unknown>>
  readonly effects: ChangeEffects
  /** This device, as the rules see it; asked only when the write changes something. */
  readonly self: () => ChangeAuthor
}

/** Tries the write on a copy against the rules every peer runs, then makes it. */
export function writeChecked<E>({ type, handle, effects, self }: CheckedWriteInput<E>, write: PlannedWrite): WriteResult {
  const before = handle.doc()
  const tentative = A.change(A.clone(before), { message: write.message }, (d) => write.edit(d as Record<string, unknown>))
  let verdict: Verdict
  try {
    if (A.getHeads(tentative).join() === A.getHeads(before).join()) return WRITTEN
    verdict = validate(type, before, tentative, self(), { own: true, effects })
  } finally {
    A.free(tentative) // a full copy in wasm memory: do not wait for the garbage collector
  }
  if (!verdict.ok) {
    const reason = verdict.rule === 'clientful/entry-schema' ? 'invalid-entry' : verdict.rule === 'clientful/app-outdated' ? 'app-outdated' : 'rule-broken'
    return { ok: false, reason, rule: verdict.rule, detail: verdict.detail }
  }
  handle.change((d) => write.edit(d), write.message)
  return WRITTEN
}
