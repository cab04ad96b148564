// The seam between the app's rules and the sync engine: the engine asks, for each incoming
// change of a document (and for this device's own changes before sealing them), whether the
// change keeps the rules of the document's type. Documents whose type no registered
// `DocumentType` names are not covered (applied as before). docs/APP-MODEL.md says where the
// apply path and the seal call it.

import type * as A from '@automerge/automerge'
import { ChangeEffects } from '../change-effect.ts'
import { stateAt } from '../document-state.ts'
import { invalidArgument } from '../../util/errors.ts'
import { judgeChange } from './judge-change.ts'
import type { JudgedType } from './judged-type.ts'
import { ACCEPTED, type ChangeAuthor, type Verdict } from './rule.ts'

export interface ChangeValidator {
  /** Whether `doc` (as it is, or with a batch applied) has a type with rules on this device. */
  covers(docId: string, doc: A.Doc<unknown>): boolean
  /**
   * Judges one change, which `doc` must hold, as its author made it: the document at the
   * change's dependencies before, and with the change after. Pure: every device that runs the
   * same app version gives the same verdict for the same change.
   */
  check(docId: string, doc: A.Doc<unknown>, change: Uint8Array, author: ChangeAuthor): Verdict
}

export interface ChangeValidatorOptions {
  /** This device: its own changes to data newer than the app are refused, others' accepted. */
  readonly deviceId: string
}

export function createChangeValidator(types: readonly JudgedType<any>[], options: ChangeValidatorOptions): ChangeValidator {
  const byName = new Map<string, JudgedType<unknown>>()
  for (const type of types) {
    // Only defineDocumentType sets `open`: it tells the types it made (checked) from hand-made objects.
    if (typeof type?.name !== 'string' || !('open' in type) || typeof type.open !== 'function') throw invalidArgument('types', 'document types made with defineDocumentType')
    if (byName.has(type.name)) throw invalidArgument('types', `types with distinct names (${type.name} twice)`)
    byName.set(type.name, type)
  }
  if (typeof options?.deviceId !== 'string' || options.deviceId.length === 0) throw invalidArgument('deviceId', 'a device id')
  const effects = new ChangeEffects()
  const typeOf = (doc: A.Doc<unknown>, heads?: A.Heads): JudgedType<unknown> | undefined => {
    const name = stateAt(doc, heads).type
    return name === undefined ? undefined : byName.get(name)
  }
  return {
    covers: (_docId, doc) => typeOf(doc) !== undefined,
    check(_docId, doc, change, author) {
      const effect = effects.of(doc, change)
      // The type the document had before the change decides (a change cannot opt out of it).
      const type = typeOf(doc, effect.deps) ?? typeOf(doc, [effect.hash])
      if (!type) return ACCEPTED
      return judgeChange({ type, doc, effect, author, own: author.device === options.deviceId, effects })
    },
  }
}
