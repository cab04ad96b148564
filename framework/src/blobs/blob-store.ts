// Attachments of one workspace on this device. Adding one encrypts it chunk by chunk into the
// device's own storage and records an upload job; the job survives reloads and crashes and
// uploads only the chunks a storage does not have yet, the manifest last. Opening one is lazy:
// the manifest is checked, then chunks come from the local cache or storage (and are cached),
// each verified before any of its bytes are returned.

import type { AttachmentProgress } from '../api/attachments-api.ts'
import { TAG_BYTES } from '../crypto/aead.ts'
import { randomBytes } from '../crypto/webcrypto.ts'
import { canWrite } from '../membership/state.ts'
import { isStorageError } from '../storage/storage-error.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { delay, mapConcurrent, Mutex } from '../util/async.ts'
import { exactBytes, fromBase64Url, toBase64Url, toHex } from '../util/bytes.ts'
import { errorMessage } from '../util/errors.ts'
import { Emitter } from '../util/events.ts'
import type { EngineContext } from '../sync/engine-parts.ts'
import { AttachmentError } from './attachment-error.ts'
import type { AttachmentRef } from './attachment-ref.ts'
import { blobPaths, MAX_MANIFEST_BYTES, chunkCount, createManifest, parseManifest, verifyManifest, type BlobManifest } from './blob-manifest.ts'
import { blobKey, DEFAULT_CHUNK_SIZE, openChunk, sealChunk } from './chunk-crypto.ts'

export interface BlobStoreEvents extends Record<string, unknown> {
  progress: AttachmentProgress
  uploaded: { blob: string }
  /** Attachments waiting for upload changed in number (the workspace's status shows it). */
  pending: { count: number }
}

/** What attachments use of their workspace. */
export type BlobStoreHost = EngineContext<'local' | 'identity' | 'membership'> & {
  /** Every storage location, the primary first. */
  readonly storageUrls: readonly string[]
  storage(url: string): Promise<UserStorage>
  /** The primary's last sync went well: worth sending chunks there as they are made. */
  primaryReachable(): boolean
}

export interface BlobStoreOptions {
  /** Largest attachment accepted, in bytes (default 100 MiB). */
  readonly maxBytes?: number
  readonly chunkSize?: number
}

interface UploadJob {
  readonly blob: string
  readonly size: number
  readonly chunkSize: number
  readonly chunks: number
  /** Storage URLs that hold the whole blob. */
  readonly uploadedTo: string[]
}

const UPLOAD_CONCURRENCY = 4
/** Chunks of a new attachment that may be uploading while the rest is sealed (4 MiB each). */
const EARLY_UPLOADS = 8
/** How long a sync waits for an early upload (a stuck request must not hold the sync). */
const EARLY_WAIT_MS = 30_000
const DOWNLOAD_CONCURRENCY = 8

/** A storage failure, as this attachment's error: retryable kinds read as "unreachable". */
function storageFailure(blob: string, error: unknown): AttachmentError {
  const reason = !isStorageError(error) || error.retryable ? 'unreachable' : 'storage'
  return new AttachmentError(reason, blob, errorMessage(error), { cause: error })
}

export class BlobStore extends Emitter<BlobStoreEvents> {
  readonly #ws: BlobStoreHost
  readonly #maxBytes: number
  readonly #chunkSize: number
  #pending = 0
  readonly #caching = new Set<Promise<void>>()
  readonly #finishing = new Mutex()
  /** Early uploads under way, so a sync waits for them instead of sending chunks twice. */
  readonly #early = new Map<string, Promise<void>>()

  /** @internal Every workspace has one: `WorkspaceApi.attachments`. */
  constructor(ws: BlobStoreHost, options: BlobStoreOptions = {}) {
    super()
    this.#ws = ws
    this.#maxBytes = options.maxBytes ?? 100 * 1024 * 1024
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  }

  #key(...rest: string[]): string[] {
    return ['ws', this.#ws.id, ...rest]
  }

  #chunkKey(blob: string, index: number): string[] {
    return this.#key('blob', blob, String(index).padStart(8, '0'))
  }

  /** Encrypts the content onto this device and queues its upload; returns the reference to store in a document. */
  async add(content: Blob | Uint8Array, meta: { name?: string; type?: string } = {}): Promise<AttachmentRef> {
    const size = content instanceof Uint8Array ? content.length : content.size
    const blob = toHex(randomBytes(16))
    if (size > this.#maxBytes) throw new AttachmentError('too-large', blob, `${size} bytes is over the ${this.#maxBytes}-byte limit`)
    const rawKey = randomBytes(32)
    const key = await blobKey(rawKey)
    const chunks = chunkCount(size, this.#chunkSize)
    const { local } = this.#ws.parts
    const job: UploadJob = { blob, size, chunkSize: this.#chunkSize, chunks, uploadedTo: [] }
    // Online, chunks also start for the primary storage while the rest is being sealed, so
    // attaching costs about the longer of sealing and uploading, not both. It never holds up
    // adding: what it could not send, the next sync does.
    const early = await this.#earlyUpload(job)
    try {
      for (let i = 0; i < chunks; i++) {
        const start = i * this.#chunkSize
        const end = Math.min(size, start + this.#chunkSize)
        const plain = content instanceof Uint8Array ? content.subarray(start, end) : new Uint8Array(await content.slice(start, end).arrayBuffer())
        const sealed = await sealChunk(key, blob, i, i === chunks - 1, plain)
        await local.putBytes(this.#chunkKey(blob, i), sealed)
        early?.offer(i, sealed)
      }
      await local.putJson(this.#key('blob-jobs', blob), job)
      this.#pending++
    } catch (error) {
      await local.deleteRange(this.#key('blob', blob)).catch(() => undefined)
      throw new AttachmentError('quota', blob, `this device could not store it: ${errorMessage(error)}`, { cause: error })
    }
    if (early) {
      const finished = early
        .done()
        .then((complete) => (complete ? this.#finishUpload(job, early.url, early.storage) : undefined))
        .catch(() => undefined)
        .finally(() => this.#early.delete(blob))
      this.#early.set(blob, finished)
    }
    this.emit('pending', { count: this.#pending })
    return { $attachment: 1, blob, key: toBase64Url(rawKey), size, type: meta.type ?? 'application/octet-stream', name: meta.name ?? 'attachment', device: this.#ws.deviceId }
  }

  /** Sends sealed chunks to the primary storage as they are made, when its last sync went well. */
  async #earlyUpload(job: UploadJob) {
    const url = this.#ws.storageUrls[0]!
    if (!this.#ws.primaryReachable()) return undefined
    const storage = await this.#ws.storage(url).catch(() => undefined)
    if (!storage) return undefined
    const writes: Promise<void>[] = []
    let inFlight = 0
    let skipped = false
    let done = 0
    return {
      url,
      storage,
      /** Starts the chunk's upload unless enough are under way already (then sync sends it). */
      offer: (index: number, sealed: Uint8Array): void => {
        if (skipped || inFlight >= EARLY_UPLOADS) {
          skipped = true
          return
        }
        inFlight++
        const write = storage.write(blobPaths.chunk(this.#ws.id, job.blob, index), sealed).then(
          () => {
            inFlight--
            done += Math.min(job.chunkSize, job.size - index * job.chunkSize)
            this.emit('progress', { blob: job.blob, direction: 'upload', done, total: job.size })
          },
          () => {
            inFlight--
            skipped = true
          },
        )
        writes.push(write)
      },
      /** True when every chunk went up. */
      done: async (): Promise<boolean> => {
        await Promise.all(writes)
        return !skipped
      },
    }
  }



  /** Waits for download-cache writes still in flight. */
  async settle(): Promise<void> {
    await Promise.all(this.#caching)
  }

  /** Counts the upload jobs left from earlier sessions. */
  async init(): Promise<void> {
    this.#pending = (await this.#ws.parts.local.range(this.#key('blob-jobs'))).length
  }

  /** Attachments added on this device that some storage location does not hold completely yet. */
  get pendingUploads(): number {
    return this.#pending
  }

  /** Uploads every pending attachment to `storage` (only the chunks it lacks); returns how many completed. */
  async upload(url: string, storage: UserStorage): Promise<number> {
    const { local } = this.#ws.parts
    let completed = 0
    for (const { value: listed } of await local.rangeJson<UploadJob>(this.#key('blob-jobs'))) {
      const early = this.#early.get(listed.blob)
      if (early) {
        const stop = new AbortController()
        await Promise.race([early, delay(EARLY_WAIT_MS, stop.signal).catch(() => undefined)])
        stop.abort()
      }
      const job = await local.getJson<UploadJob>(this.#key('blob-jobs', listed.blob))
      if (!job || job.uploadedTo.includes(url)) continue
      try {
        completed += await this.#uploadJob(job, url, storage)
      } catch (error) {
        if (!(error instanceof AttachmentError)) throw error // a storage problem: the location's health says so
        await local.delete(this.#key('blob-jobs', job.blob)) // this device lost its own copy: nothing left to send
        this.#pending--
      }
    }
    return completed
  }

  async #uploadJob(job: UploadJob, url: string, storage: UserStorage): Promise<number> {
    const { local } = this.#ws.parts
    const present = new Set(await storage.list(blobPaths.prefix(this.#ws.id, job.blob)))
    let done = 0
    await mapConcurrent(
      Array.from({ length: job.chunks }, (_, i) => i),
      UPLOAD_CONCURRENCY,
      async (i) => {
        const path = blobPaths.chunk(this.#ws.id, job.blob, i)
        if (!present.has(path)) {
          const sealed = await local.getBytes(this.#chunkKey(job.blob, i))
          if (!sealed) throw new AttachmentError('not-uploaded', job.blob, `chunk ${i} is no longer on this device`)
          await storage.write(path, sealed)
        }
        done += Math.min(job.chunkSize, job.size - i * job.chunkSize)
        this.emit('progress', { blob: job.blob, direction: 'upload', done, total: job.size })
      },
    )
    await this.#finishUpload(job, url, storage)
    return 1
  }

  /**
   * Every chunk is in `storage`: the manifest goes last, then the job records it. Serialised:
   * an early upload and a sync may both get here for one blob, and only one may finish it.
   */
  #finishUpload(job: UploadJob, url: string, storage: UserStorage): Promise<void> {
    return this.#finishing.run(() => this.#finishUploadNow(job, url, storage))
  }

  async #finishUploadNow(job: UploadJob, url: string, storage: UserStorage): Promise<void> {
    const { local, identity } = this.#ws.parts
    const current = await local.getJson<UploadJob>(this.#key('blob-jobs', job.blob))
    if (!current || current.uploadedTo.includes(url)) return // the other path finished it first
    job = current
    const manifest = await createManifest(
      { ws: this.#ws.id, blob: job.blob, device: this.#ws.deviceId, size: job.size, chunkSize: job.chunkSize, chunks: job.chunks },
      identity.signing.privateKey,
    )
    await storage.write(blobPaths.manifest(this.#ws.id, job.blob), manifest)
    const uploadedTo = [...job.uploadedTo, url]
    if (this.#ws.storageUrls.every((u) => uploadedTo.includes(u))) {
      await local.delete(this.#key('blob-jobs', job.blob))
      this.#pending--
      this.emit('pending', { count: this.#pending })
      this.emit('uploaded', { blob: job.blob })
    } else await local.putJson(this.#key('blob-jobs', job.blob), { ...job, uploadedTo })
  }

  /** A verified manifest for the reference, from this device or any storage location. */
  async #manifest(ref: AttachmentRef): Promise<BlobManifest> {
    const { local } = this.#ws.parts
    const cacheKey = this.#key('blob', ref.blob, 'manifest')
    let bytes = await local.getBytes(cacheKey)
    // Our own attachment is readable from this device's copy, uploaded or not.
    if (!bytes && ref.device === this.#ws.deviceId) {
      const first = await local.getBytes(this.#chunkKey(ref.blob, 0))
      if (first) return this.#localManifest(ref, first)
    }
    if (!bytes) {
      let unreachable: unknown
      for (const url of this.#ws.storageUrls) {
        try {
          bytes = await (await this.#ws.storage(url)).read(blobPaths.manifest(this.#ws.id, ref.blob), { maxBytes: MAX_MANIFEST_BYTES })
          if (bytes) break
        } catch (error) {
          if (isStorageError(error) && error.kind === 'too-large') throw new AttachmentError('bad-manifest', ref.blob, `the manifest is over ${MAX_MANIFEST_BYTES} bytes`)
          unreachable = error
        }
      }
      if (!bytes) {
        if (unreachable) throw storageFailure(ref.blob, unreachable)
        throw new AttachmentError('not-uploaded', ref.blob, 'its device has not uploaded it yet')
      }
    }
    const parsed = parseManifest(bytes)
    if (!parsed.ok) throw new AttachmentError(parsed.reason === 'unsupported-version' ? 'unsupported-version' : 'bad-manifest', ref.blob, parsed.detail)
    const m = parsed.value
    if (m.ws !== this.#ws.id || m.blob !== ref.blob || m.device !== ref.device || m.size !== ref.size) {
      throw new AttachmentError('bad-manifest', ref.blob, 'the manifest does not match the reference in the document')
    }
    if (!(await verifyManifest(m))) throw new AttachmentError('bad-manifest', ref.blob, 'the manifest signature does not verify')
    if (!canWrite(this.#ws.parts.membership.state, m.device, 1).ok) throw new AttachmentError('unauthorized', ref.blob, 'uploaded by a device that may not write here')
    await local.putBytes(cacheKey, bytes)
    return m
  }

  /**
   * Our own attachment before upload: its shape is known from the reference and its first
   * sealed chunk (whose plaintext is one chunk, or all of a one-chunk file), so one added under
   * another chunk size (an older default) still opens.
   */
  #localManifest(ref: AttachmentRef, firstSealed: Uint8Array): BlobManifest {
    const first = firstSealed.length - TAG_BYTES
    const chunkSize = first > 0 && first < ref.size ? first : Math.max(ref.size, this.#chunkSize)
    return { format: 'clientful/blob', v: 1, ws: this.#ws.id, blob: ref.blob, device: ref.device, size: ref.size, chunkSize, chunks: chunkCount(ref.size, chunkSize), sig: '' }
  }

  /** Chunk `index` as stored: at most `maxBytes` (the manifest's chunk size and the tag) are taken. */
  async #sealedChunk(blob: string, index: number, maxBytes: number): Promise<Uint8Array> {
    const { local } = this.#ws.parts
    const cached = await local.getBytes(this.#chunkKey(blob, index))
    if (cached) return cached
    let unreachable: unknown
    for (const url of this.#ws.storageUrls) {
      try {
        const bytes = await (await this.#ws.storage(url)).read(blobPaths.chunk(this.#ws.id, blob, index), { maxBytes })
        if (bytes) {
          // The cache is best effort: the download does not wait for it (close() does).
          const caching = local.putBytes(this.#chunkKey(blob, index), bytes).catch(() => undefined)
          this.#caching.add(caching)
          void caching.finally(() => this.#caching.delete(caching))
          return bytes
        }
      } catch (error) {
        if (isStorageError(error) && error.kind === 'too-large') throw new AttachmentError('corrupt-chunk', blob, `chunk ${index} is larger than the manifest allows`)
        unreachable = error
      }
    }
    if (unreachable) throw storageFailure(blob, unreachable)
    throw new AttachmentError('missing-chunk', blob, `chunk ${index} is not in storage`)
  }

  /** The attachment's bytes, verified chunk by chunk; progress is reported as chunks arrive. */
  async bytes(ref: AttachmentRef): Promise<Uint8Array> {
    // Copied in as each chunk opens (while later ones are still on their way), not all at
    // the end; chunks() checks every length against the manifest, which matches ref.size.
    const out = new Uint8Array(ref.size)
    let offset = 0
    for await (const part of this.chunks(ref)) {
      out.set(part, offset)
      offset += part.length
    }
    return out
  }

  /** Plaintext chunks in order; throws AttachmentError (never returns unverified bytes). */
  async *chunks(ref: AttachmentRef): AsyncGenerator<Uint8Array> {
    const manifest = await this.#manifest(ref)
    const key = await blobKey(fromBase64Url(ref.key))
    let done = 0
    // Fetch ahead a few chunks while yielding in order.
    const fetch = (i: number) => this.#sealedChunk(ref.blob, i, manifest.chunkSize + TAG_BYTES)
    const ahead = new Map<number, Promise<Uint8Array>>()
    for (let i = 0; i < manifest.chunks; i++) {
      for (let j = i; j < Math.min(manifest.chunks, i + DOWNLOAD_CONCURRENCY); j++) {
        if (ahead.has(j)) continue
        const pending = fetch(j)
        pending.catch(() => undefined) // awaited in order below; a failure past an earlier one is moot
        ahead.set(j, pending)
      }
      const sealed = await ahead.get(i)!
      ahead.delete(i)
      const plain = await openChunk(key, ref.blob, i, i === manifest.chunks - 1, sealed)
      if (!plain) {
        await this.#ws.parts.local.delete(this.#chunkKey(ref.blob, i)).catch(() => undefined)
        throw new AttachmentError('corrupt-chunk', ref.blob, `chunk ${i} does not open (tampered, truncated, reordered or from another file)`)
      }
      const expected = i === manifest.chunks - 1 ? manifest.size - i * manifest.chunkSize : manifest.chunkSize
      if (plain.length !== expected) throw new AttachmentError('corrupt-chunk', ref.blob, `chunk ${i} has ${plain.length} bytes, expected ${expected}`)
      done += plain.length
      this.emit('progress', { blob: ref.blob, direction: 'download', done, total: manifest.size })
      yield plain
    }
  }

  /** A web stream of the plaintext (errors surface as stream errors). */
  stream(ref: AttachmentRef): ReadableStream<Uint8Array> {
    const iterator = this.chunks(ref)
    return new ReadableStream({
      async pull(controller) {
        try {
          const { done, value } = await iterator.next()
          if (done) controller.close()
          else controller.enqueue(value)
        } catch (error) {
          controller.error(error)
        }
      },
      async cancel() {
        await iterator.return(undefined)
      },
    })
  }

  async blob(ref: AttachmentRef): Promise<Blob> {
    return new Blob([exactBytes(await this.bytes(ref))], { type: ref.type })
  }

  /** An object URL for <img>/<a> (revoke it with URL.revokeObjectURL when done). */
  async objectUrl(ref: AttachmentRef): Promise<string> {
    return URL.createObjectURL(await this.blob(ref))
  }

  /** Forgets the attachment on this device; its uploader also deletes it from storage. */
  async delete(ref: Pick<AttachmentRef, 'blob' | 'device'>): Promise<void> {
    const { local } = this.#ws.parts
    if (await local.getBytes(this.#key('blob-jobs', ref.blob))) {
      this.#pending--
      this.emit('pending', { count: this.#pending })
    }
    await local.delete(this.#key('blob-jobs', ref.blob))
    await local.deleteRange(this.#key('blob', ref.blob))
    if (ref.device !== this.#ws.deviceId) return
    for (const url of this.#ws.storageUrls) {
      const storage = await this.#ws.storage(url)
      const files = await storage.list(blobPaths.prefix(this.#ws.id, ref.blob))
      // Manifest first: a reader then sees "not uploaded" rather than missing chunks.
      const manifest = blobPaths.manifest(this.#ws.id, ref.blob)
      if (files.includes(manifest)) await storage.delete(manifest)
      for (const file of files) if (file !== manifest) await storage.delete(file)
    }
  }
}
