// Attachments: encrypted, chunked, lazy, resumable — and every tampering refused with a
// typed reason, on that attachment only.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { blobPaths } from '../src/blobs/blob-manifest.ts'
import { isAttachmentRef, type AttachmentRef } from '../src/blobs/attachment-ref.ts'
import { AttachmentError } from '../src/blobs/attachment-error.ts'
import { chunkNonce, openChunk, sealChunk, blobKey } from '../src/blobs/chunk-crypto.ts'
import { randomBytes } from '../src/crypto/webcrypto.ts'
import { StorageError } from '../src/storage/storage-error.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { utf8Decode, utf8Encode } from '../src/util/bytes.ts'

const CHUNK = 64 * 1024

async function refOf(ws: Workspace, key: string): Promise<AttachmentRef> {
  const value = (await ws.doc<Record<string, unknown>>('task'))?.doc()[key]
  if (!isAttachmentRef(value)) throw new Error(`no attachment under ${key}`)
  return value
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'no error'
  } catch (error) {
    if (error instanceof AttachmentError) return error.reason
    throw error
  }
}

describe('attachments', () => {
  let team: Team
  afterEach(() => team?.close())

  async function setup(storage: UserStorage = createMemoryStorage('memory://att')) {
    team = await createTeam(['writer'], storage, undefined, { attachments: { chunkSize: CHUNK } })
    const [a, b] = team.workspaces as [Workspace, Workspace]
    return { a, b }
  }

  it('round-trips byte-identical, lazily, with progress; the document holds the key', async () => {
    const { a, b } = await setup()
    const content = randomBytes(3 * 1024 * 1024 + 123)
    const uploaded = a.attachments.once('uploaded')
    const ref = await a.attach('task', 'photo', content, { name: 'site.jpg', type: 'image/jpeg' })
    // Online, the chunks go up while they are being sealed, with no sync needed.
    await uploaded
    expect(a.status.pendingAttachments).toBe(0)
    expect(await team.storage.read(blobPaths.manifest(a.id, ref.blob))).toBeDefined()
    await a.sync()
    await b.sync()
    const received = await refOf(b, 'photo')
    expect(received).toEqual(ref)
    const progress: number[] = []
    b.attachments.on('progress', (p) => progress.push(p.done))
    expect(await b.attachments.bytes(received)).toEqual(content)
    expect(progress.at(-1)).toBe(content.length)
    expect((await b.attachments.blob(received)).type).toBe('image/jpeg')
    // Storage holds only ciphertext, under names that reveal nothing.
    const files = await team.storage.list(`${a.id}/blobs/`)
    expect(files.every((f) => !f.includes('site'))).toBe(true)
  })

  it('an attachment is readable on its device before upload, and uploads by itself later', async () => {
    let down = true
    const storage = createMemoryStorage('memory://att-offline', { faults: (_op, path) => (down && path.includes('/blobs/') ? new StorageError('unreachable', 'memory://att-offline', 'offline') : undefined) })
    const { a, b } = await setup(storage)
    const content = utf8Encode('offline photo')
    const ref = await a.attach('task', 'p', content)
    await a.sync()
    expect(a.status.pendingAttachments).toBe(1)
    expect(await a.attachments.bytes(ref)).toEqual(content)
    await b.sync()
    expect(await reasonOf(b.attachments.bytes(await refOf(b, 'p')))).toBe('unreachable')
    down = false
    await a.sync()
    expect(a.status.pendingAttachments).toBe(0)
    expect(await b.attachments.bytes(await refOf(b, 'p'))).toEqual(content)
  })

  it('each tampering is refused with a typed reason; the document and other attachments keep working', async () => {
    const { a, b } = await setup()
    const make = async (key: string) => a.attach('task', key, randomBytes(200 * 1024)) // 4 chunks of 64 KiB
    const refs = { flip: await make('flip'), cut: await make('cut'), drop: await make('drop'), swap: await make('swap'), foreign: await make('foreign'), version: await make('version'), ok: await make('ok') }
    await a.sync()
    await b.sync()
    const file = (ref: AttachmentRef, i: number) => blobPaths.chunk(a.id, ref.blob, i)
    const read = async (path: string) => (await team.storage.read(path))!

    const flipped = await read(file(refs.flip, 1))
    flipped[10] = flipped[10]! ^ 1
    await team.storage.write(file(refs.flip, 1), flipped)
    await team.storage.write(file(refs.cut, 3), (await read(file(refs.cut, 3))).subarray(0, 100)) // truncated mid-chunk
    await team.storage.delete(file(refs.drop, 3)) // truncated at a chunk boundary
    const [c0, c1] = [await read(file(refs.swap, 0)), await read(file(refs.swap, 1))]
    await team.storage.write(file(refs.swap, 0), c1) // reordered
    await team.storage.write(file(refs.swap, 1), c0)
    await team.storage.write(file(refs.foreign, 0), await read(file(refs.ok, 0))) // a chunk from another file
    const manifest = JSON.parse(utf8Decode(await read(blobPaths.manifest(a.id, refs.version.blob))))
    await team.storage.write(blobPaths.manifest(a.id, refs.version.blob), utf8Encode(JSON.stringify({ ...manifest, v: 9 })))

    const reasons: Record<string, string> = {}
    for (const name of Object.keys(refs)) reasons[name] = await reasonOf(b.attachments.bytes(await refOf(b, name)))
    expect(reasons).toEqual({
      flip: 'corrupt-chunk',
      cut: 'corrupt-chunk',
      drop: 'missing-chunk',
      swap: 'corrupt-chunk',
      foreign: 'corrupt-chunk',
      version: 'unsupported-version',
      ok: 'no error',
    })
    await b.sync()
    expect(Object.keys((await b.doc('task')).doc())).toHaveLength(7)
  })

  it('the last-chunk flag catches a stream cut exactly at a chunk boundary', async () => {
    const key = await blobKey(randomBytes(32))
    const sealed = await sealChunk(key, 'ab'.repeat(16), 2, false, utf8Encode('middle'))
    expect(await openChunk(key, 'ab'.repeat(16), 2, true, sealed)).toBeUndefined() // presented as the end
    expect(await openChunk(key, 'ab'.repeat(16), 2, false, sealed)).toEqual(utf8Encode('middle'))
    expect(chunkNonce(258, true)).toEqual(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1]))
  })

  it('an upload killed half-way resumes and sends only the missing chunks', async () => {
    let writes = 0
    let failAfter = Infinity
    const writtenPaths: string[] = []
    const storage = createMemoryStorage('memory://att-resume', {
      faults: (op, path) => {
        if (op !== 'write' || !path.includes('/blobs/')) return undefined
        if (writes++ >= failAfter) return new StorageError('unreachable', 'memory://att-resume', 'connection dropped')
        writtenPaths.push(path)
        return undefined
      },
    })
    const { a, b } = await setup(storage)
    const content = randomBytes(10 * 64 * 1024) // 10 chunks
    failAfter = writes + 4
    const ref = await a.attach('task', 'big', content) // the upload is cut after 4 chunks
    expect(a.status.pendingAttachments).toBe(1)
    await a.sync() // still cut: the blob waits; the documents sync
    expect(a.status.pendingAttachments).toBe(1)
    const first = new Set(writtenPaths)
    writtenPaths.length = 0
    failAfter = Infinity
    await a.sync()
    expect(a.status.pendingAttachments).toBe(0)
    const resent = writtenPaths.filter((p) => p.endsWith('.bin'))
    expect(resent.length).toBe(10 - [...first].filter((p) => p.endsWith('.bin')).length)
    expect(resent.some((p) => first.has(p))).toBe(false)
    await b.sync()
    expect(await b.attachments.bytes(ref)).toEqual(content)
  })

  it('a member removed before an attachment was added cannot decrypt it', async () => {
    team = await createTeam(['writer', 'writer'], createMemoryStorage('memory://att-removed'), undefined, { attachments: { chunkSize: CHUNK } })
    const [admin, removed, other] = team.workspaces as [Workspace, Workspace, Workspace]
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.sync()
    await other.sync() // the adder knows of the removal (and holds the new epoch)
    const ref = await other.attach('task', 'after', randomBytes(1000))
    await other.sync()
    await removed.sync()
    // The reference (and its key) sits in an envelope under an epoch the removed member lacks.
    expect((await removed.doc<Record<string, unknown>>('task')).doc().after).toBeUndefined()
    expect(removed.parts.keyring.has(other.currentKeys().id)).toBe(false)
    await admin.sync()
    expect(await admin.attachments.bytes(await refOf(admin, 'after'))).toHaveLength(ref.size)
  })

  it('a file over the size limit is refused, and nothing else changes', async () => {
    const { a } = await setup()
    const host = { id: a.id, deviceId: a.deviceId, parts: a.parts, storageUrls: a.storageUrls, storage: (url: string) => a.storage(url), primaryReachable: () => true }
    const store = new (await import('../src/blobs/blob-store.ts')).BlobStore(host, { maxBytes: 1000 })
    expect(await reasonOf(store.add(new Uint8Array(1001)))).toBe('too-large')
    expect(a.status.pendingAttachments).toBe(0)
  })
})
