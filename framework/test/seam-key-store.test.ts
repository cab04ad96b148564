// The key store seam's suite on the Node implementation (FileKeyStore: seeds in a 0600 file).
// IndexedDBKeyStore runs it in Chromium: e2e/seam-conformance.spec.ts.

import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileKeyStore } from '../src/platform/node/file-key-store.ts'
import { keyStoreConformanceCases } from '../src/testing/key-store-conformance.ts'
import { generateKeyPair } from '../src/crypto/keys.ts'

describe('FileKeyStore', () => {
  const dirs: string[] = []
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clientful-keys-'))
    dirs.push(dir)
    return join(dir, 'keys.json')
  }
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  for (const c of keyStoreConformanceCases()) {
    it(c.name, async () => {
      const path = await fresh()
      await c.run({ open: async () => new FileKeyStore(path) })
    })
  }

  it('keeps its file readable by its owner only', async () => {
    const path = await fresh()
    await new FileKeyStore(path).saveKeyPair('k', await generateKeyPair('Ed25519', true))
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })
})
