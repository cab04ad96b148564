// Judging one change to a typed document, as its author made it: the state at the change's
// dependencies (before) and the state with it (after), read lazily. The framework's own checks
// come first (its keys, entry shapes, upkeep redone), then the app's rules in order; the first
// refusal names its rule.

import type * as A from '@automerge/automerge'
import type { ChangeEffect, ChangeEffects } from '../change-effect.ts'
import { MESSAGES, isEntryKey, isMaintenanceMessage, entryOfRecordKey, RESTORED_PREFIX, TRASH_PREFIX } from '../document-keys.ts'
import { stateAt, type DocumentState } from '../document-state.ts'
import { checkSchema, describeIssues } from '../schema/standard-schema.ts'
import { upgradedCopy } from '../schema/migrations.ts'
import { entriesState } from './entries-state.ts'
import { checkErasure } from './erasure-check.ts'
import type { JudgedType } from './judged-type.ts'
import { checkMaintenance } from './maintenance-check.ts'
import { checkReservedKeys } from './reserved-keys-rule.ts'
import { ACCEPTED, refused, type ChangeAuthor, type RuleContext, type Verdict } from './rule.ts'

export interface JudgeInput {
  readonly type: JudgedType<unknown>
  /** A document that holds the change. */
  readonly doc: A.Doc<unknown>
  readonly effect: ChangeEffect
  readonly author: ChangeAuthor
  /** The change is this device's own (an older app refuses its own writes to newer data). */
  readonly own: boolean
  readonly effects: ChangeEffects
}

export function judgeChange(input: JudgeInput): Verdict {
  const { type, doc, effect, author, own } = input
  const before = stateAt(doc, effect.deps)
  const after = stateAt(doc, [effect.hash])
  if (after.version > type.version) {
    // Newer rules govern newer data: this app cannot judge it, and must not write it.
    return own ? refused('clientful/app-outdated', `the document is at version ${after.version}; this app knows version ${type.version}: update the app`) : ACCEPTED
  }
  if (before.erased) return refused('clientful/erased', 'the document was erased; its successor takes the edits')
  // Erasing is an admin's right, not subject to the app's rules.
  if (effect.message === MESSAGES.erase) return checkErasure(before, after, effect, author)
  // Upkeep is redone and compared key by key, the framework's keys included.
  if (isMaintenanceMessage(effect.message)) return checkMaintenance({ type, doc, effect, before, after, effects: input.effects })
  const reserved = checkReservedKeys(type, before, after, effect, author)
  if (!reserved.ok) return reserved
  const shapes = checkEntryShapes(type, after, effect)
  if (!shapes.ok) return shapes
  return runRules(type, before, after, changedEntries(effect), author)
}

/** The app's rules, in order, over two states of a document. */
export function runRules(type: JudgedType<unknown>, before: DocumentState, after: DocumentState, changed: readonly string[], author: ChangeAuthor): Verdict {
  if (type.rules.length === 0 || changed.length === 0) return ACCEPTED
  const context: RuleContext<unknown> = { before: entriesState(type, before), after: entriesState(type, after), changed, author }
  for (const rule of type.rules) {
    let outcome: true | string
    try {
      outcome = rule.check(context)
    } catch (error) {
      // Deterministic too: the same input throws the same way on every device.
      outcome = `the rule failed: ${error instanceof Error ? error.message : String(error)}`
    }
    if (outcome !== true) return refused(rule.name, typeof outcome === 'string' ? outcome : 'broken')
  }
  return ACCEPTED
}

function checkEntryShapes(type: JudgedType<unknown>, after: DocumentState, effect: ChangeEffect): Verdict {
  for (const key of effect.touched) {
    if (!isEntryKey(key) || !after.has(key)) continue
    const checked = checkSchema(type.entry, upgradedCopy(type, after.get(key), key))
    if (!checked.ok) return refused('clientful/entry-schema', `${key}: ${describeIssues(checked.issues)}`)
  }
  return ACCEPTED
}

/** Entries the change wrote, plus those it moved to or out of the trash. */
export function changedEntries(effect: ChangeEffect): string[] {
  const changed = new Set<string>()
  for (const key of effect.touched) {
    if (isEntryKey(key)) changed.add(key)
    else {
      const entry = entryOfRecordKey(key, TRASH_PREFIX) ?? entryOfRecordKey(key, RESTORED_PREFIX)
      if (entry !== undefined) changed.add(entry)
    }
  }
  return [...changed].sort()
}
