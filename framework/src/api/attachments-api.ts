// What an app does with attachments: add, read (bytes, a Blob, an object URL) and delete,
// with progress events. The engine's BlobStore and the tab proxy implement it.

import type { Emitter } from '../util/events.ts'
import type { AttachmentRef } from './attachment-ref.ts'

export interface AttachmentProgress {
  readonly blob: string
  readonly direction: 'upload' | 'download'
  /** Plaintext bytes done and in total. */
  readonly done: number
  readonly total: number
}

export interface AttachmentsEvents extends Record<string, unknown> {
  progress: AttachmentProgress
  uploaded: { blob: string }
}

export interface AttachmentsApi extends Pick<Emitter<AttachmentsEvents>, 'on' | 'once'> {
  /** Encrypts the content onto this device and queues its upload. */
  add(content: Blob | Uint8Array, meta?: { name?: string; type?: string }): Promise<AttachmentRef>
  bytes(ref: AttachmentRef): Promise<Uint8Array>
  blob(ref: AttachmentRef): Promise<Blob>
  /** A URL for an <img> or a link (browser); revoke it with URL.revokeObjectURL when done. */
  objectUrl(ref: AttachmentRef): Promise<string>
  delete(ref: AttachmentRef): Promise<void>
  /** Attachments added on this device that are not in every storage location yet. */
  readonly pendingUploads: number
}
