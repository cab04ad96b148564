// A workspace of many documents as a new device finds it: one writer made DOCS documents of a
// few tasks each (CHANGES_PER_DOC changes per document) in sessions with a sync after each, and
// published a snapshot at the end. Built once in a local folder as a template; each run copies
// its files, with or without the snapshot, into a fresh root (as team-workspace.ts does).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import type { UserStorage } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { localFolderBackend } from './storage-backends.ts'
import { editFor, type Project } from './workload.ts'

export const MANY_DOCS = 1_000
export const CHANGES_PER_MANY_DOC = 20
const DOCS_PER_SESSION = 100

export const manyDocName = (index: number): string => `doc-${String(index).padStart(4, '0')}`

export interface ManyDocsWorkspace {
  /** A writer invite with uses to spare: every run joins with it. */
  readonly invite: string
  /** The heads of the first document: what a new device must show when it opens it. */
  readonly firstHeads: string
  copyTo(to: UserStorage, withSnapshot: boolean): Promise<void>
  dispose(): Promise<void>
}

export async function buildManyDocsWorkspace(): Promise<ManyDocsWorkspace> {
  const root = await localFolderBackend().freshRoot()
  const home = await mkdtemp(join(tmpdir(), 'clientful-bench-many-'))
  // The founder's own automatic snapshots are off: the template holds exactly one, made last.
  const client = await openNodeClient(home, { openStorage: root.open, snapshotEvery: 0 })
  try {
    const ws = await client.createWorkspace({ name: 'Many documents', storage: root.url })
    let firstHeads = ''
    for (let start = 0; start < MANY_DOCS; start += DOCS_PER_SESSION) {
      for (let d = start; d < Math.min(MANY_DOCS, start + DOCS_PER_SESSION); d++) {
        const doc = await ws.doc<Project>(manyDocName(d))
        for (let n = 0; n < CHANGES_PER_MANY_DOC; n++) doc.change(editFor(n))
        if (d === 0) firstHeads = A.getHeads(doc.doc()).sort().join()
      }
      await ws.sync()
    }
    await ws.publishSnapshot()
    const invite = await ws.createInvite({ role: 'writer', uses: 1_000 })
    const storage = await root.open(root.url)
    const files = await storage.list('')
    const snapshots = `${ws.id}/snapshots/`
    return {
      invite,
      firstHeads,
      async copyTo(to, withSnapshot) {
        const wanted = withSnapshot ? files : files.filter((p) => !p.startsWith(snapshots))
        for (let i = 0; i < wanted.length; i += 16) {
          await Promise.all(wanted.slice(i, i + 16).map(async (path) => to.write(path, (await storage.read(path))!)))
        }
      },
      dispose: () => root.dispose(),
    }
  } catch (error) {
    await root.dispose()
    throw error
  } finally {
    await client.close()
    await rm(home, { recursive: true, force: true })
  }
}
