// What a document holds for an attachment: the blob id, its key (so access follows the
// document), and what the app shows (name, type, size). Everything here is inside the
// workspace's encryption. isAttachmentRef (blobs/attachment-ref.ts) checks one.

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
