// Profiles: every member sets its own display name, every peer sees it after a sync, and a
// member who writes someone else's profile (through a raw handle, or a client that skips its
// own check) is refused by every peer and undone on its own device.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { encodeChangeBatch } from '../src/format/change-batch.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import { checkProfile, PROFILES_DOC, readProfiles } from '../src/profiles/profile.ts'
import { memberIdOf, profilesOf, setProfile } from '../src/profiles/profiles.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { chainFor } from './support/forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

describe('profiles', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('checks what a profile may hold', () => {
    expect(checkProfile({ name: '  Ana Lima ', color: '#1a7f5a', initials: 'AL' })).toEqual({ ok: true, value: { name: 'Ana Lima', color: '#1a7f5a', initials: 'AL' } })
    expect(checkProfile({ name: '' })).toMatchObject({ ok: false })
    expect(checkProfile({ name: 'x'.repeat(61) })).toMatchObject({ ok: false })
    expect(checkProfile({ name: 'Ana', color: 'red' })).toMatchObject({ ok: false })
    expect(checkProfile({ name: 'Ana', initials: 'ABCD' })).toMatchObject({ ok: false })
    expect(checkProfile({ name: 'Ana', admin: true })).toMatchObject({ ok: false, detail: 'unknown field admin' })
  })

  it('shows names without hidden or direction-changing characters, and the rule every peer runs keeps its verdicts', () => {
    const member = 'ab'.repeat(32)
    const shown = (profile: object) => readProfiles({ [member]: profile }).get(member)
    // A right-to-left override makes "Ana Lima\u202Eamil" read differently from what it holds;
    // zero-width and control characters make a copy of someone's name that compares unequal.
    expect(shown({ name: 'Ana\u200B Lima\u202E' })).toEqual({ name: 'Ana Lima' })
    expect(shown({ name: 'Ana\u0000\n\tLima' })).toEqual({ name: 'Ana Lima' })
    expect(shown({ name: '\u200B\u2066' })).toBeUndefined() // nothing to show: the id is shown instead
    expect(shown({ name: 'Ana', initials: 'A\u200DL' })).toEqual({ name: 'Ana', initials: 'AL' })
    // What peers accept is what older releases accept (display only changed).
    expect(checkProfile({ name: '\u200B\u2066' })).toMatchObject({ ok: true })
    expect(checkProfile({ name: 'Ana\u200B Lima' })).toEqual({ ok: true, value: { name: 'Ana\u200B Lima' } })
  })

  it('a member’s name reaches the other members', async () => {
    team = await createTeam(['writer'])
    const [admin, bob] = team.workspaces as [Workspace, Workspace]
    await setProfile(admin, { name: 'Ana Lima', color: '#1a7f5a' })
    await setProfile(bob, { name: 'Bob Reyes' })
    await admin.sync()
    await bob.sync()
    await admin.sync()
    for (const ws of [admin, bob]) {
      const profiles = await profilesOf(ws)
      expect(profiles.get(memberIdOf(admin)!)).toEqual({ name: 'Ana Lima', color: '#1a7f5a' })
      expect(profiles.get(memberIdOf(bob)!)).toEqual({ name: 'Bob Reyes' })
    }
    expect(await admin.rejected()).toEqual([])
  })

  it('writing someone else’s profile is undone here and refused by every peer', async () => {
    team = await createTeam(['writer', 'writer'])
    const [admin, mallory, carol] = team.workspaces as [Workspace, Workspace, Workspace]
    await setProfile(admin, { name: 'Ana Lima' })
    await admin.sync()
    await mallory.sync()
    const adminId = memberIdOf(admin)!

    // Through a raw handle: undone before it is sealed.
    const raw = await mallory.doc<Record<string, any>>(PROFILES_DOC)
    raw.change((d) => void (d[adminId].name = 'Ana (fired)'))
    await mallory.sync()
    expect(await mallory.rejected()).toContainEqual(expect.objectContaining({ kind: 'local-change', reason: 'rule-broken', detail: expect.stringMatching(/^rule clientful\/own-profile/) }))
    expect((await profilesOf(mallory)).get(adminId)?.name).toBe('Ana Lima')

    // Signed and uploaded anyway, by a client that skips its own check.
    const forged = A.change(A.load<any>(A.save(raw.doc()), { actor: mallory.deviceId + 'deadbee1' }), (d) => void (d[adminId].name = 'Ana (fired)'))
    const seq = mallory.parts.outbox.lastSeq + 1
    const keys = mallory.currentKeys()
    const file = await sealEnvelope(
      envelopeHeader(mallory.id, mallory.deviceId, seq, keys.id, chainFor(mallory, seq)),
      encodeChangeBatch([{ docId: raw.id, changes: [A.getLastLocalChange(forged)!] }]),
      keys.content,
      mallory.parts.deps.identity.signing.privateKey,
    )
    await team.storage.write(paths.envelope(mallory.id, mallory.deviceId, seq), encodeEnvelope(file))
    await team.storage.write(paths.marker(mallory.id, mallory.deviceId), await createMarker(mallory.id, mallory.deviceId, seq, Date.now(), mallory.parts.deps.identity.signing.privateKey))
    for (const ws of [admin, carol]) {
      await ws.sync()
      expect(await ws.rejected()).toContainEqual(expect.objectContaining({ device: mallory.deviceId, seq, reason: 'rule-broken', detail: expect.stringMatching(/own-profile/) }))
      expect((await profilesOf(ws)).get(adminId)?.name).toBe('Ana Lima')
    }
  })
})
