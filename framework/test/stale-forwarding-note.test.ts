// A forwarding note says where a workspace went when its files were deleted somewhere. Once the
// team uses that location again, the note is over: moving back clears it, and even a note that
// stays (a copy a hostile provider put back) is never believed where the workspace is still
// there — a lost file is repaired, not a reason to clear the location and leave.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { forwardingPaths } from '../src/format/forwarding-note.ts'
import { paths } from '../src/format/paths.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

const syncAll = async (...workspaces: Workspace[]) => {
  for (const ws of workspaces) await ws.sync()
}

describe('a forwarding note at a location the team moved back to', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  it('is cleared by the move back, and a copy put back later makes no device clear the live primary', async () => {
    const A = createMemoryStorage('memory://a')
    const B = createMemoryStorage('memory://b')
    const open = storageRegistry({ 'memory://a': A, 'memory://b': B })
    devices.push(await createDevice(open), await createDevice(open))
    const alice = await devices[0]!.client.createWorkspace({ name: 'Back and forth', storage: 'memory://a' })
    const bob = await devices[1]!.client.join(await alice.createInvite())
    ;(await bob.doc<Record<string, string>>('board')).change((d) => void (d.bob = 'hello'))
    await syncAll(alice, bob, alice, bob)

    // A → B, A's files deleted: a note stays at A.
    await alice.setPrimaryStorage('memory://b')
    await syncAll(alice, bob, alice)
    await alice.removeStorage('memory://a', { deleteFiles: true })
    await syncAll(bob, alice, bob)
    const note = forwardingPaths.note(alice.id, alice.deviceId)
    const oldNote = (await A.read(note))!
    expect(oldNote).toBeDefined()

    // Back to A, B removed: the move back clears the note.
    await alice.setPrimaryStorage('memory://a')
    await syncAll(alice, bob, alice, bob)
    await alice.removeStorage('memory://b')
    await syncAll(alice, bob, alice, bob)
    expect(bob.config.storage).toBe('memory://a')
    expect(await A.list(forwardingPaths.prefix(alice.id))).toEqual([])

    // A hostile provider puts the old note back and deletes one of Bob's envelopes; Bob restarts.
    await A.write(note, oldNote)
    const lost = (await A.list(`${alice.id}/log/${bob.deviceId}/`))[0]!
    await A.delete(lost)
    const before = (await A.list(`${alice.id}/`)).length
    devices[1] = await devices[1]!.reopen()
    const bobAgain = await devices[1]!.client.workspace(alice.id)
    await syncAll(bobAgain, alice, bobAgain)

    expect(await A.read(paths.workspace(alice.id))).toBeDefined()
    expect(await A.read(lost)).toBeDefined() // repaired
    expect((await A.list(`${alice.id}/`)).length).toBeGreaterThanOrEqual(before + 1)
    expect(bobAgain.config.storage).toBe('memory://a')
    expect((await bobAgain.doc<Record<string, string>>('board')).doc()).toEqual({ bob: 'hello' })
  })
})
