// What judging a change needs of a document type: its schema (entry shapes, migrations redone),
// its invariants (repairs redone) and its rules. Every `DocumentType` is one; the judging code
// names this instead so it stays below the layer that opens typed documents.

import type { TypeWithInvariants } from '../invariants/repair.ts'
import type { Rule } from './rule.ts'

export interface JudgedType<E> extends TypeWithInvariants<E> {
  readonly rules: readonly Rule<E>[]
}
