// The workspace's list of erasures (the document "clientful:erasures"): what each erasure asks
// of every device and of storage — the document history to forget, the attachments to delete,
// whose writes went. The document-level part is done when the record is written; the engine's
// part (docs/ERASURE.md) works from this list.

import type { DocHandle } from '../../docs/doc-handle.ts'
import type { WorkspaceApi } from '../../api/workspace-api.ts'

export const ERASURES_DOC = 'clientful:erasures'

export type ErasureKind = 'document' | 'entries' | 'attachment' | 'member'

export interface ErasureRequest {
  readonly kind: ErasureKind
  /** The erased document's name and id. */
  readonly name: string
  readonly docId: string
  /** Its history up to these heads is to be forgotten everywhere. */
  readonly heads: readonly string[]
  /** Where what was kept lives (none when the whole document went). */
  readonly successor: { readonly name: string; readonly docId: string } | null
  /** Attachments whose chunks their uploading device deletes from storage. */
  readonly blobs: readonly { readonly blob: string; readonly device: string }[]
  /** For a member's erasure: whose writes went. */
  readonly member: string | null
  readonly at: number
  readonly by: string
  readonly device: string
}

export function requestKey(request: Pick<ErasureRequest, 'docId' | 'heads'>): string {
  return `${request.docId}:${[...request.heads].sort()[0]?.slice(0, 16) ?? 'empty'}`
}

export async function recordErasure(ws: WorkspaceApi, request: ErasureRequest): Promise<void> {
  const registry = await ws.doc<Record<string, unknown>>(ERASURES_DOC)
  registry.change((d) => void (d[requestKey(request)] = structuredClone(request)))
}

/** Every erasure this device knows of, oldest first. */
export async function listErasures(ws: WorkspaceApi): Promise<ErasureRequest[]> {
  const registry: DocHandle<Record<string, unknown>> | undefined = await ws.findDoc(ERASURES_DOC)
  if (!registry) return []
  return Object.values(JSON.parse(JSON.stringify(registry.doc())) as Record<string, ErasureRequest>).sort((a, b) => a.at - b.at)
}
