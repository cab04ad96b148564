// A workspace's attachments as every tab sees them. In the engine tab they are the engine's;
// in another tab every operation is a call to the engine tab (a Blob crosses tabs as is) and
// progress arrives as broadcast events. The object stays the same when its tab becomes the
// engine, so what the app subscribed to keeps working.

import type { AttachmentsApi, AttachmentsEvents } from '../api/attachments-api.ts'
import type { AttachmentRef } from '../api/attachment-ref.ts'
import type { BlobStore } from '../blobs/blob-store.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'

export type AttachmentCall = (method: string, args: readonly unknown[]) => Promise<unknown>

export class TabAttachments extends Emitter<AttachmentsEvents> implements AttachmentsApi {
  readonly #call: AttachmentCall
  readonly #pending: () => number
  #local: BlobStore | undefined
  readonly #off: Unsubscribe[] = []

  constructor(call: AttachmentCall, pending: () => number) {
    super()
    this.#call = call
    this.#pending = pending
  }

  get pendingUploads(): number {
    return this.#local?.pendingUploads ?? this.#pending()
  }

  add(content: Blob | Uint8Array, meta: { name?: string; type?: string } = {}): Promise<AttachmentRef> {
    return this.#local ? this.#local.add(content, meta) : (this.#call('add', [content, meta]) as Promise<AttachmentRef>)
  }

  bytes(ref: AttachmentRef): Promise<Uint8Array> {
    return this.#local ? this.#local.bytes(ref) : (this.#call('bytes', [ref]) as Promise<Uint8Array>)
  }

  blob(ref: AttachmentRef): Promise<Blob> {
    return this.#local ? this.#local.blob(ref) : (this.#call('blob', [ref]) as Promise<Blob>)
  }

  /** Made in this tab: an object URL made in another tab would die with that tab. */
  async objectUrl(ref: AttachmentRef): Promise<string> {
    return URL.createObjectURL(await this.blob(ref))
  }

  async delete(ref: AttachmentRef): Promise<void> {
    if (this.#local) return this.#local.delete(ref)
    await this.#call('delete', [ref])
  }

  /** @internal An event the engine tab broadcast. */
  relay(event: keyof AttachmentsEvents, payload: unknown): void {
    if (!this.#local) this.emit(event, payload as never)
  }

  /** @internal This tab now runs the engine: the engine's attachments, the same subscribers. */
  becomeLocal(store: BlobStore): void {
    this.#local = store
    this.#off.push(
      store.on('progress', (p) => this.emit('progress', p)),
      store.on('uploaded', (u) => this.emit('uploaded', u)),
    )
  }

  dispose(): void {
    for (const off of this.#off.splice(0)) off()
  }
}
