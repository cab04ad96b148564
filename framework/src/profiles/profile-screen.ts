// The rule every peer runs on the profiles document (profile.ts): a change may write only its
// author's own entry, and only a well-formed profile there. It covers the document by id,
// whatever the document holds, so no change can opt out of it; it is composed with the app's
// own rules (app-model) into the one screen the engine runs on incoming changes and on this
// device's own before they are sealed.

import type * as A from '@automerge/automerge'
import { ChangeEffects } from '../app-model/change-effect.ts'
import { stateAt } from '../app-model/document-state.ts'
import type { ChangeValidator } from '../app-model/rules/change-validator.ts'
import type { ChangeAuthor, Verdict } from '../app-model/rules/rule.ts'
import { ACCEPTED, refused } from '../app-model/rules/rule.ts'
import { screenChanges } from '../app-model/rules/screen-changes.ts'
import { roleOfDevice } from '../membership/state.ts'
import type { ChangeScreen, ChangeScreenContext } from '../sync/change-screen.ts'
import { checkProfile, isMemberId } from './profile.ts'

const RULE = 'clientful/own-profile'

/** Judges one change to the profiles document as its author made it. */
export function checkProfileChange(doc: A.Doc<unknown>, change: Uint8Array, author: ChangeAuthor, effects: ChangeEffects): Verdict {
  const effect = effects.of(doc, change)
  if (author.member === undefined) return refused(RULE, 'written by a device that is not a member')
  const after = stateAt(doc, [effect.hash])
  for (const key of effect.touched) {
    if (!isMemberId(key)) return refused(RULE, `${key.slice(0, 20)} is not a member's profile`)
    if (key !== author.member) return refused(RULE, `member ${author.member.slice(0, 8)}… wrote the profile of ${key.slice(0, 8)}…`)
    const value = after.get(key)
    if (value === undefined) continue // removing one's own profile
    const checked = checkProfile(value)
    if (!checked.ok) return refused(RULE, `malformed profile: ${checked.detail}`)
  }
  return ACCEPTED
}

/**
 * The engine's screen: the profiles document (`profilesDocId`) under the profile rule, every
 * other document under the app's screen, when it has one.
 */
export function withProfileRule(profilesDocId: string | undefined, context: ChangeScreenContext, app: ChangeScreen | undefined): ChangeScreen | undefined {
  if (profilesDocId === undefined) return app
  const effects = new ChangeEffects(2_000)
  const validator: ChangeValidator = {
    covers: (docId) => docId === profilesDocId,
    check: (_docId, doc, change, author) => checkProfileChange(doc, change, author, effects),
  }
  const authorOf = (actor: string): ChangeAuthor => {
    const device = actor.slice(0, 64)
    const state = context.membership()
    return { device, member: state.devices.get(device)?.record.user, role: roleOfDevice(state, device) }
  }
  return {
    covers: (docId, doc) => docId === profilesDocId || (app?.covers(docId, doc) ?? false),
    async refuse(docId, doc, changes) {
      if (docId !== profilesDocId) return app ? app.refuse(docId, doc, changes) : new Map()
      const verdicts = screenChanges(validator, docId, doc, changes, authorOf, await context.refused.of(docId))
      await context.refused.add(docId, verdicts.keys())
      return new Map([...verdicts].map(([hash, v]) => [hash, { rule: v.rule, detail: v.detail }]))
    },
  }
}
