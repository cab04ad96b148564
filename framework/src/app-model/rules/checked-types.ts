// The app's document types as the engine's change screen (sync/change-screen.ts): pass
// `rules: checkedTypes([board, …])` when opening the client, and every peer runs the types'
// rules on every change it receives, and on its own before sealing them.

import { roleOfDevice } from '../../membership/state.ts'
import type { ChangeScreenFactory } from '../../sync/change-screen.ts'
import { createChangeValidator } from './change-validator.ts'
import type { JudgedType } from './judged-type.ts'
import type { ChangeAuthor } from './rule.ts'
import { screenChanges } from './screen-changes.ts'

export function checkedTypes(types: readonly JudgedType<any>[]): ChangeScreenFactory {
  return (context) => {
    const validator = createChangeValidator(types, { deviceId: context.deviceId })
    const authorOf = (actor: string): ChangeAuthor => {
      const device = actor.slice(0, 64)
      const state = context.membership()
      return { device, member: state.devices.get(device)?.record.user, role: roleOfDevice(state, device) }
    }
    return {
      covers: (docId, doc) => validator.covers(docId, doc),
      async refuse(docId, doc, changes) {
        const verdicts = screenChanges(validator, docId, doc, changes, authorOf, await context.refused.of(docId))
        await context.refused.add(docId, verdicts.keys())
        return new Map([...verdicts].map(([hash, v]) => [hash, { rule: v.rule, detail: v.detail }]))
      },
    }
  }
}
