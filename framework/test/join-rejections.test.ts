// What a device refuses while it joins a workspace or adopts it from a recovery kit is listed
// like anything refused later: a forged membership entry planted in storage before the device
// arrives shows in its refused items once the workspace is open, not silently dropped.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { encodeRecord } from '../src/format/signed-record.ts'
import { paths } from '../src/format/paths.ts'
import { hashRecord, signEntry } from '../src/membership/entries.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

/** A grant entry claiming the founder as author, its signature broken; returns its hash. */
async function plantForgedEntry(ws: Workspace): Promise<string> {
  const signed = await signEntry(
    { ws: ws.id, type: 'grant', parents: ws.parts.membership.state.heads, author: ws.deviceId, body: { lockboxes: [] }, at: 1 },
    ws.parts.deps.identity.signing.privateKey,
  )
  const forged = { ...signed, at: 2 } // the signature covered at: 1
  const hash = await hashRecord(forged)
  await (await ws.storage()).write(paths.memberEntry(ws.id, hash), encodeRecord(forged))
  return hash
}

describe('refusals before a workspace opens', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  it('a joining device and a device restored from a kit both list the forged entry they refused', async () => {
    const storage = createMemoryStorage('memory://join-refusals')
    const open = storageRegistry({ [storage.location]: storage })
    const device = async () => {
      const d = await createDevice(open)
      devices.push(d)
      return d
    }
    const founder = await device()
    const ws = await founder.client.createWorkspace({ name: 'Crew', storage: storage.location })
    const kit = await founder.client.createRecoveryKit()
    const invite = await ws.createInvite({ role: 'writer' })
    const forged = await plantForgedEntry(ws)
    const isForged = (r: { kind: string; path?: string; source: string }) => r.kind === 'member-entry' && r.source === 'storage' && r.path === paths.memberEntry(ws.id, forged)

    const joiner = await (await device()).client.join(invite)
    expect((await joiner.rejected()).filter(isForged)).toHaveLength(1)

    const [restored] = await (await device()).client.restoreFromKit(kit)
    expect((await restored!.rejected()).filter(isForged)).toHaveLength(1)
  })
})
