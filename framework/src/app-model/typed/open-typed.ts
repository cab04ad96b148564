// Opening a document with its type: erasures are followed to the document that holds what
// was kept, and the document is created when missing (readers only read what exists).

import type { WorkspaceApi } from '../../api/workspace-api.ts'
import { invalidArgument } from '../../util/errors.ts'
import { resolveDocument } from '../erasure/erase.ts'
import { TypedDocument, type DocumentType } from './typed-document.ts'
import type { OpenOptions } from './typed-document-options.ts'

export async function openTyped<E>(ws: WorkspaceApi, type: DocumentType<E>, name: string = type.name, options: OpenOptions = {}): Promise<TypedDocument<E>> {
  if (typeof name !== 'string' || name.length === 0 || name.length > 500) throw invalidArgument('name', 'a document name of 1–500 characters')
  const resolved = await resolveDocument(ws, name)
  const handle = resolved.handle ?? (await ws.doc<Record<string, unknown>>(resolved.name))
  const typed = new TypedDocument(ws, type, resolved.name, handle, { ...options, erased: resolved.erased })
  // A writer hands out the document migrated (and repaired) already.
  await typed.settled()
  return typed
}
