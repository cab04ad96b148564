// Failures of one attachment, as typed values: they never affect the document or other
// attachments.

export type AttachmentErrorReason =
  | 'too-large' // over the configured size limit
  | 'quota' // the device refused to store more
  | 'not-uploaded' // its uploader has not uploaded it (yet)
  | 'bad-manifest' // malformed, wrong signature, or not matching the reference
  | 'unsupported-version' // a manifest of a newer format
  | 'unauthorized' // uploaded by a device that may not write
  | 'missing-chunk' // a chunk is not in storage
  | 'corrupt-chunk' // a chunk does not open: tampered, truncated, reordered or from another file
  | 'unreachable' // storage could not be reached (or is busy): try again later
  | 'storage' // storage refused (credentials, quota…): see the storage's status

export class AttachmentError extends Error {
  readonly reason: AttachmentErrorReason
  readonly blob: string

  constructor(reason: AttachmentErrorReason, blob: string, detail: string, options?: { cause?: unknown }) {
    super(`attachment ${blob.slice(0, 8)}…: ${detail}`, options)
    this.name = 'AttachmentError'
    this.reason = reason
    this.blob = blob
  }
}
