// A new device on a workspace of 1,000 documents (many-docs-workspace.ts) opens its first one:
// `join` = join(invite), `first sync` = sync() (from the snapshot, or replaying the log when the
// storage holds none), `open` = doc() of the first document until it holds the team's heads;
// `first document` is the three together, what the user waits for. Each run meets a fresh copy
// of the template in a fresh root of the backend.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import { openNodeClient } from 'clientful/node'
import { countingStorage, emptyTally, requestsIn } from './counting-storage.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { manyDocName, type ManyDocsWorkspace } from './many-docs-workspace.ts'
import { settle } from './settle.ts'
import type { StorageBackend } from './storage-backends.ts'

export type FirstDocumentStart = 'snapshot' | 'log only'

export const firstDocumentVariantName = (backend: StorageBackend, start: FirstDocumentStart): string => `first of 1,000 documents, ${backend.name}, ${start}`

export function firstDocumentVariant(backend: StorageBackend, start: FirstDocumentStart, template: () => Promise<ManyDocsWorkspace>): Variant {
  return {
    name: firstDocumentVariantName(backend, start),
    async run(): Promise<RunResult> {
      const workspace = await template()
      const root = await backend.freshRoot()
      const home = await mkdtemp(join(tmpdir(), 'clientful-bench-first-doc-'))
      const tally = emptyTally()
      await workspace.copyTo(await root.open(root.url), start === 'snapshot')
      const client = await openNodeClient(home, { openStorage: async () => countingStorage(await root.open(root.url), tally) })
      try {
        settle()
        const joined = await time(() => client.join(workspace.invite))
        const synced = await time(() => joined.value.sync())
        const opened = await time(() => joined.value.doc(manyDocName(0)))
        if (synced.value.rejected.length > 0) throw new Error(`invalid run: ${synced.value.rejected[0]!.detail}`)
        if (A.getHeads(opened.value.doc()).sort().join() !== workspace.firstHeads) throw new Error('invalid run: the first document is not up to date')
        return {
          ms: {
            join: joined.ms,
            'first sync': synced.ms,
            open: opened.ms,
            'first document': joined.ms + synced.ms + opened.ms,
            'first document cpu': joined.cpuMs + synced.cpuMs + opened.cpuMs,
          },
          counts: {
            requests: requestsIn(tally),
            'bytes read': tally.bytesRead,
            'envelopes pulled': synced.value.pulled.envelopes,
            'documents loaded': joined.value.parts.docs.loaded().length,
          },
        }
      } finally {
        await client.close()
        await rm(home, { recursive: true, force: true })
        await root.dispose()
      }
    },
  }
}
