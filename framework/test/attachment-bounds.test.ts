// Attachment files from storage are read within their bounds (invariant 13): a manifest over
// 4 KiB, or a chunk larger than its manifest allows, is refused without being taken whole.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { AttachmentError } from '../src/blobs/attachment-error.ts'
import { blobPaths } from '../src/blobs/blob-manifest.ts'
import { isAttachmentRef, type AttachmentRef } from '../src/blobs/attachment-ref.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

const CHUNK = 1024

describe('attachment reads are bounded', () => {
  let team: Team
  afterEach(() => team?.close())

  async function shared(): Promise<{ ref: AttachmentRef; read: () => Promise<string> }> {
    team = await createTeam(['writer'], createMemoryStorage('memory://bounds'), undefined, { attachments: { chunkSize: CHUNK } })
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const ref = await a.attach('task', 'file', Uint8Array.from({ length: 3 * CHUNK }, (_, i) => i % 256))
    await a.sync()
    await b.sync()
    const value = (await b.doc<Record<string, unknown>>('task')).doc().file
    if (!isAttachmentRef(value)) throw new Error('no reference')
    const read = () =>
      b.attachments.bytes(value).then(
        () => 'read',
        (error: unknown) => (error instanceof AttachmentError ? error.reason : String(error)),
      )
    return { ref, read }
  }

  it('a chunk larger than the manifest allows is corrupt-chunk', async () => {
    const { ref, read } = await shared()
    await team.storage.write(blobPaths.chunk(team.workspaces[0]!.id, ref.blob, 1), new Uint8Array(CHUNK + 17))
    expect(await read()).toBe('corrupt-chunk')
  })

  it('a manifest over 4 KiB is bad-manifest', async () => {
    const { ref, read } = await shared()
    await team.storage.write(blobPaths.manifest(team.workspaces[0]!.id, ref.blob), new Uint8Array(5000).fill(32))
    expect(await read()).toBe('bad-manifest')
  })
})
