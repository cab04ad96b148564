// Building rules: over the whole change, or (most rules) entry by entry.

import { invalidArgument } from '../../util/errors.ts'
import type { EntryChange, Rule, RuleContext, RuleOutcome } from './rule.ts'

const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _./:-]{0,79}$/

export function defineRule<E>(name: string, check: (context: RuleContext<E>) => RuleOutcome): Rule<E> {
  assertRuleName(name)
  if (typeof check !== 'function') throw invalidArgument('check', 'a function')
  return { name, check }
}

/** A rule checked once per entry the change touched; the first entry that breaks it decides. */
export function entryRule<E>(name: string, check: (change: EntryChange<E>) => RuleOutcome): Rule<E> {
  assertRuleName(name)
  if (typeof check !== 'function') throw invalidArgument('check', 'a function')
  return {
    name,
    check(context) {
      for (const key of context.changed) {
        const outcome = check({
          key,
          before: context.before.entry(key),
          after: context.after.has(key) ? context.after.entry(key) : undefined,
          trashedBefore: context.before.isTrashed(key),
          trashedAfter: context.after.isTrashed(key),
          author: context.author,
          context,
        })
        if (outcome !== true) return `${key}: ${outcome}`
      }
      return true
    },
  }
}

function assertRuleName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !RULE_NAME.test(name) || name.startsWith('clientful/')) {
    throw invalidArgument('rule name', "1–80 letters, digits, spaces or _./:- , not starting with 'clientful/'")
  }
}
