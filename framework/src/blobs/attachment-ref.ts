// Whether a value found in a document is an attachment reference (the record itself is public:
// api/attachment-ref.ts).

import type { AttachmentRef } from '../api/attachment-ref.ts'
import { isBase64Url } from '../util/bytes.ts'

export type { AttachmentRef } from '../api/attachment-ref.ts'

export function isAttachmentRef(value: unknown): value is AttachmentRef {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v.$attachment === 1 &&
    typeof v.blob === 'string' &&
    /^[0-9a-f]{32}$/.test(v.blob) &&
    typeof v.key === 'string' &&
    isBase64Url(v.key) &&
    typeof v.size === 'number' &&
    Number.isSafeInteger(v.size) &&
    typeof v.type === 'string' &&
    typeof v.name === 'string' &&
    typeof v.device === 'string' &&
    /^[0-9a-f]{64}$/.test(v.device)
  )
}
