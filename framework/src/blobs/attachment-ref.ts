// What a document holds for an attachment: the blob id, its key (so access follows the
// document), and what the app shows (name, type, size). Everything here is inside the
// workspace's encryption.

import { isBase64Url } from '../util/bytes.ts'

export interface AttachmentRef {
  readonly $attachment: 1
  readonly blob: string
  /** base64url of the blob's own 32-byte key */
  readonly key: string
  readonly size: number
  readonly type: string
  readonly name: string
  /** The device that uploaded it (the only one that writes or deletes its files). */
  readonly device: string
}

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
