// Whether this device may write a typed document now, and if not, why: the document was erased,
// the device left the workspace or reads only, the document holds another type, or it is at a
// schema version newer than this app.

import type * as A from '@automerge/automerge'
import type { WorkspaceApi } from '../../api/workspace-api.ts'
import { ERASED_KEY } from '../document-keys.ts'
import { stateAt } from '../document-state.ts'
import { parseErasureMark } from '../erasure/erasure-mark.ts'
import type { DocumentSchema } from '../schema/migrations.ts'
import type { DocumentAccess } from './write-result.ts'

export interface AccessInput {
  readonly ws: WorkspaceApi
  readonly type: DocumentSchema<unknown>
  /** The document's name, for the details shown to people. */
  readonly name: string
  readonly doc: A.Doc<unknown>
  /** The document was found erased when it was opened. */
  readonly erased: boolean
}

export function documentAccess({ ws, type, name, doc, erased }: AccessInput): DocumentAccess {
  const state = stateAt(doc)
  if (erased || state.erased) {
    const successor = parseErasureMark(state.get(ERASED_KEY))?.successor
    return { writable: false, reason: 'erased', detail: successor ? `${name} was erased; what was kept is in ${successor}: open it again` : `${name} was erased` }
  }
  const role = ws.role
  if (role === undefined) return { writable: false, reason: 'not-member', detail: 'this device is no longer in the workspace' }
  if (role === 'reader') return { writable: false, reason: 'reader', detail: 'readers do not write' }
  if (state.type !== undefined && state.type !== type.name) return { writable: false, reason: 'wrong-type', detail: `${name} holds ${state.type}, not ${type.name}` }
  if (state.version > type.version) {
    return { writable: false, reason: 'app-outdated', detail: `${name} is at version ${state.version}; this app knows version ${type.version}: update the app to edit it` }
  }
  return { writable: true }
}
