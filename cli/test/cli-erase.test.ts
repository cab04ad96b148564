// clientful erase, end to end: after every device synced, the erased text is in no file of any
// device's home and in no file of the storage, read as it is or decrypted with every key the
// members hold; what was not erased is intact, on every device and on one that joins after.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openNodeClient } from '../../framework/src/platform/node/index.ts'
import type { EpochKeys } from '../../framework/src/crypto/epoch-keys.ts'
import type { Workspace } from '../../framework/src/workspace/workspace.ts'
import { openStorageUrl } from '../src/open-storage.ts'
import { clientful, ok } from './support/cli.ts'
import { fileCount, filesHolding } from './support/erased-text.ts'

const SECRET = 'SWORDFISH-7431'
const KEPT = 'Order more rope'

describe('clientful erase, carried out by every device', () => {
  let root: string
  let ws: string
  const home = (name: string) => join(root, name)
  const run = (who: string, ...args: string[]) => ok([args[0]!, '--home', home(who), '--workspace', ws, ...args.slice(1)])
  const syncAll = async (...who: string[]) => {
    for (const name of who) await run(name, 'sync')
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-erase-'))
    ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Crew', '--storage', `file://${join(root, 'storage')}`])).last
    for (const who of ['b', 'c']) await ok(['join', '--home', home(who), (await ok(['invite', '--home', home('a'), '--workspace', ws, '--role', 'writer'])).last])
    await syncAll('a', 'b', 'c')
    await run('b', 'put', '--doc', 'notes', 'vault', JSON.stringify({ text: `the vault code is ${SECRET}` }))
    await run('b', 'put', '--doc', 'plan', 'rope', JSON.stringify({ title: KEPT }))
    await run('b', 'sync')
    await run('c', 'sync')
    await run('c', 'put', '--doc', 'notes', 'copy', JSON.stringify({ text: `copied: ${SECRET}` }))
    await run('c', 'put', '--doc', 'plan', 'tarp', JSON.stringify({ title: 'Patch the tarp' }))
    await syncAll('c', 'a', 'b')
    // Snapshots in storage hold the document too, until their devices replace them.
    const b = await openNodeClient(home('b'), { openStorage: openStorageUrl })
    await (await b.workspace(ws)).publishSnapshot()
    await b.close()
  }, 120_000)
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('before the erasure, the scan finds the text (decrypted) in homes and in storage', async () => {
    const keys = await keysOf(['a'])
    expect(await filesHolding(join(root, 'storage'), SECRET, keys)).not.toEqual([])
    expect(await filesHolding(home('c'), SECRET, keys)).not.toEqual([])
  })

  it('after every device synced, no file holds the erased text; the rest is intact everywhere', async () => {
    const erased = JSON.parse((await run('a', 'erase', '--doc', 'notes')).stdout)
    expect(erased).toMatchObject({ erased: 'notes' })
    // The erasure reaches b and c at their sync; a's own files are rewritten at its next one.
    await syncAll('a', 'b', 'c', 'a')
    await ok(['join', '--home', home('d'), (await ok(['invite', '--home', home('a'), '--workspace', ws, '--role', 'writer'])).last])
    await run('d', 'sync')

    for (const who of ['a', 'b', 'c', 'd']) {
      expect(JSON.parse((await run(who, 'get', '--doc', 'plan')).stdout)).toMatchObject({ rope: { title: KEPT }, tarp: { title: 'Patch the tarp' } })
      const notes = await clientful(['get', '--home', home(who), '--workspace', ws, '--doc', 'notes'])
      expect(notes.code).toBe(1)
      expect(notes.stdout + notes.stderr).not.toContain(SECRET)
      // No erasure owed: every device finished its part.
      expect((await clientful(['status', '--home', home(who), '--workspace', ws])).code).toBe(0)
    }
    const keys = await keysOf(['a', 'b', 'c', 'd'])
    expect(keys.size).toBeGreaterThan(1) // the epoch rotated, and the old keys are still tried
    expect(await fileCount(root)).toBeGreaterThan(50)
    expect(await filesHolding(root, SECRET, keys)).toEqual([])
    // Edits after the erasure still travel: the chain holds across the rewritten envelopes.
    await run('c', 'put', '--doc', 'plan', 'after', JSON.stringify({ title: 'After' }))
    await syncAll('c', 'b')
    expect(JSON.parse((await run('b', 'get', '--doc', 'plan')).stdout)).toMatchObject({ after: { title: 'After' } })
  }, 180_000)

  it('only admins erase', async () => {
    const refused = await clientful(['erase', '--home', home('b'), '--workspace', ws, '--doc', 'plan'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/only admins erase/)
  })

  /** Every epoch key the given devices hold (old ones included). */
  async function keysOf(devices: readonly string[]): Promise<Map<string, EpochKeys>> {
    const keys = new Map<string, EpochKeys>()
    for (const who of devices) {
      const client = await openNodeClient(home(who), { openStorage: openStorageUrl })
      try {
        const workspace = (await client.workspace(ws)) as Workspace
        for (const id of workspace.parts.keyring.held()) keys.set(id, workspace.parts.keyring.get(id)!)
      } finally {
        await client.close()
      }
    }
    return keys
  }
})
