// The local persistence seam's suite on the Node implementation (FileStorageAdapter, atomic
// files in a folder). IndexedDBAdapter runs it in Chromium: e2e/seam-conformance.spec.ts.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { FileStorageAdapter } from '../src/platform/node/file-storage-adapter.ts'
import { localPersistenceConformanceCases } from '../src/testing/local-persistence-conformance.ts'

describe('FileStorageAdapter', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  for (const c of localPersistenceConformanceCases()) {
    it(c.name, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'clientful-persistence-'))
      dirs.push(dir)
      await c.run({
        open: async () => new FileStorageAdapter(dir),
        // A file where the next key needs a folder: its save fails (ENOTDIR).
        blockedKey: async (adapter) => {
          await adapter.save(['blocker'], new Uint8Array([0]))
          return ['blocker.v', 'below']
        },
      })
    })
  }
})
