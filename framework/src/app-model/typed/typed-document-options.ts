// How a typed document is opened and what it tells its listeners.

import type { RestoreNotice } from '../trash/trash-record.ts'
import type { DocumentView } from './document-view.ts'
import type { UpkeepReport } from './upkeep.ts'

export interface TypedDocumentEvents<E> extends Record<string, unknown> {
  /** The document changed (here or elsewhere); the new view. */
  change: DocumentView<E>
  /** An entry came back out of the trash because someone edited it while it was deleted. */
  notice: { readonly entry: string; readonly notice: RestoreNotice }
  /** Upkeep wrote something. */
  upkeep: UpkeepReport
}

export interface TypedDocumentOptions {
  /** Run upkeep after every change (default true; readers never do). */
  readonly upkeep?: boolean
  readonly now?: () => number
  /** Set when the document (and everything of it) was erased. */
  readonly erased?: boolean
}

/** Options of `type.open` and `openTyped`: whether the document was erased is found out, not told. */
export type OpenOptions = Omit<TypedDocumentOptions, 'erased'>
