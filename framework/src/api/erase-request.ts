// What an admin erases for good, for the whole workspace (docs/ERASURE.md): documents by id,
// and attachments with the device that uploaded them (only it may delete their files).

export interface EraseRequest {
  readonly docIds: readonly string[]
  readonly attachments?: readonly { readonly blob: string; readonly device: string }[]
}
