// Attack 5: anyone who can write to the storage — the provider, a reader holding shared
// credentials — plants thousands of well-formed membership entries that nobody admitted. Each
// is refused before it is stored, is never folded or uploaded elsewhere, is fetched once, and
// costs a membership change nothing.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { generateKeyPair } from '../src/crypto/keys.ts'
import { encodeRecord } from '../src/format/signed-record.ts'
import { paths } from '../src/format/paths.ts'
import { hashRecord, signEntry, type MemberEntry } from '../src/membership/entries.ts'
import { PULL_FETCH_LIMIT } from '../src/membership/pull-entries.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import { toHex } from '../src/util/bytes.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

const BAD_SIGNATURES = 8_000
const STRANGERS = 500

/** Storage that counts how many membership files are read. */
function countingReads(storage: UserStorage): UserStorage & { memberReads: number } {
  const counted = {
    location: storage.location,
    memberReads: 0,
    read: (path: string) => {
      if (path.includes('/members/')) counted.memberReads++
      return storage.read(path)
    },
    write: (path: string, data: Uint8Array) => storage.write(path, data),
    delete: (path: string) => storage.delete(path),
    list: (prefix: string, options?: { startAfter?: string }) => storage.list(prefix, options),
  }
  return counted
}

async function plant(storage: UserStorage, ws: Workspace): Promise<Set<string>> {
  const planted = new Set<string>()
  const put = async (entry: MemberEntry): Promise<void> => {
    const hash = await hashRecord(entry)
    planted.add(hash)
    await storage.write(paths.memberEntry(ws.id, hash), encodeRecord(entry))
  }
  // Well-formed, named by their hash, claiming a real admin as author, signatures that fail.
  const template = await signEntry(
    { ws: ws.id, type: 'grant', parents: ws.parts.membership.state.heads, author: ws.deviceId, body: { lockboxes: [] }, at: 1 },
    ws.parts.deps.identity.signing.privateKey,
  )
  for (let i = 0; i < BAD_SIGNATURES; i++) await put({ ...template, at: 2 + i })
  // Validly signed, by a key no entry ever admitted.
  const stranger = await generateKeyPair('Ed25519', true)
  for (let i = 0; i < STRANGERS; i++) {
    await put(await signEntry({ ws: ws.id, type: 'grant', parents: ws.parts.membership.state.heads, author: toHex(stranger.publicKey), body: { lockboxes: [] }, at: i }, stranger.privateKey))
  }
  return planted
}

async function localEntries(ws: Workspace): Promise<string[]> {
  return (await ws.parts.deps.local.range(['ws', ws.id, 'members'])).map((row) => row.key.at(-1)!)
}

describe('attack 5: junk membership entries planted in storage', () => {
  let team: Team
  afterEach(() => team?.close())

  it('8,000 bad signatures and 500 strangers: never stored, folded or re-uploaded, fetched once, free for a membership change', async () => {
    const storage = countingReads(createMemoryStorage('memory://junk'))
    team = await createTeam(['admin', 'writer'], storage)
    const [admin, secondAdmin, writer] = team.workspaces as [Workspace, Workspace, Workspace]
    const planted = await plant(storage, admin)
    // Honest work among the junk: the other admin makes the writer a reader.
    await secondAdmin.changeRole(writer.parts.deps.identity.userId, 'reader')
    await secondAdmin.sync()

    // Each sync fetches a bounded number of unseen files, until the junk is all refused once.
    storage.memberReads = 0
    await admin.sync()
    expect(storage.memberReads).toBeLessThanOrEqual(PULL_FETCH_LIMIT)
    let syncs = 1
    for (; syncs < 60 && storage.memberReads < planted.size; syncs++) await admin.sync()
    expect(admin.membership.members.get(writer.parts.deps.identity.userId)!.role).toBe('reader')
    const readsToClear = storage.memberReads
    expect(readsToClear).toBeLessThanOrEqual(planted.size + 10)

    // Nothing of it is kept, folded or uploaded elsewhere.
    const kept = await localEntries(admin)
    expect(kept.filter((h) => planted.has(h))).toEqual([])
    expect(kept.length).toBe(admin.parts.membership.size)
    expect(admin.parts.membership.state.order.length + admin.parts.membership.state.refused.size).toBe(admin.parts.membership.size)
    const elsewhere = createMemoryStorage('memory://elsewhere')
    const uploaded = await admin.parts.membership.push(elsewhere)
    expect(uploaded).toBe(admin.parts.membership.size)
    expect((await elsewhere.list(paths.membersPrefix(admin.id))).some((p) => planted.has(p.slice(-69, -5)))).toBe(false)

    // Refused once, remembered: later syncs (and a restarted device) fetch none of it again.
    storage.memberReads = 0
    await admin.sync()
    expect(storage.memberReads).toBe(0)
    const reopened = await team.devices[0]!.reopen()
    team.devices[0] = reopened
    const again = await reopened.client.workspace(admin.id)
    await again.sync()
    expect(storage.memberReads).toBe(0)
    const refusalRows = await again.parts.deps.local.range(['ws', admin.id, 'member-refusals'])
    expect(refusalRows.length).toBeLessThanOrEqual(Math.ceil(planted.size / PULL_FETCH_LIMIT) + 1)

    // A membership change costs what the honest log costs.
    const started = performance.now()
    await again.changeRole(writer.parts.deps.identity.userId, 'writer')
    const elapsed = performance.now() - started
    const fold = again.parts.membership.lastFold
    expect(fold.entriesFolded).toBeLessThanOrEqual(again.parts.membership.size)
    expect(fold.entriesFolded).toBeLessThan(30)
    expect(fold.rounds).toBe(1)
    expect(elapsed).toBeLessThan(500)
    console.log(`junk: ${planted.size} planted; cleared in ${syncs} syncs, ${readsToClear} reads; a role change then took ${elapsed.toFixed(1)} ms, folding ${fold.entriesFolded} entries`)
  }, 120_000)
})
