// Auditing a typed document's history: every change judged again, as its author made it, by the
// rules every peer runs. Shows what peers refuse once the engine calls the hook.

import * as A from '@automerge/automerge'
import type { ChangeEffects } from '../change-effect.ts'
import { judgeChange } from '../rules/judge-change.ts'
import type { JudgedType } from '../rules/judged-type.ts'
import type { ChangeAuthor, Verdict } from '../rules/rule.ts'

/** A change in the document's history that its type's rules refuse (see `audit`). */
export interface AuditFinding {
  readonly hash: string
  readonly device: string
  readonly rule: string
  readonly detail: string
}

export function auditChanges(type: JudgedType<unknown>, doc: A.Doc<unknown>, effects: ChangeEffects, authorOf: (device: string) => ChangeAuthor): AuditFinding[] {
  const findings: AuditFinding[] = []
  for (const change of A.getAllChanges(doc)) {
    const effect = effects.of(doc, change)
    const device = effect.actor.slice(0, -8)
    const verdict: Verdict = judgeChange({ type, doc, effect, author: authorOf(device), own: false, effects })
    if (!verdict.ok) findings.push({ hash: effect.hash, device, rule: verdict.rule, detail: verdict.detail })
  }
  return findings
}
