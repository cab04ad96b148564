// A short link's invite card can be written by anyone holding the link (its key derives from the
// link's secret). A holder who can write the storage — any member, anyone given the card's
// storage access — replaces the card with one naming a look-alike workspace it founded, with an
// invite under the same secret and an inviter named like the real admin. The link names the
// workspace (the first 8 bytes of its id, a genesis hash), so the swapped card is refused: the
// preview says the link cannot be trusted, and joining lands nowhere.

import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { writeInviteCard } from '../src/invites/invite-card.ts'
import { previewInvite } from '../src/invites/preview-invite.ts'
import { inviteSecretOf, parseShortInvite } from '../src/invites/short-invite.ts'
import { signEntry } from '../src/membership/entries.ts'
import { setProfile } from '../src/profiles/profiles.ts'
import { inviteEntryBody } from '../src/workspace/create-invite.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

describe('a short link bound to its workspace', () => {
  const devices: TestDevice[] = []
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  it('a card swapped for a look-alike workspace is refused by the preview and by join', async () => {
    const team = createMemoryStorage('memory://team')
    const evilStore = createMemoryStorage('memory://evil')
    const open = storageRegistry({ 'memory://team': team, 'memory://evil': evilStore })
    const ana = await createDevice(open)
    const mallory = await createDevice(open)
    const carol = await createDevice(open)
    devices.push(ana, mallory, carol)

    const real = (await ana.client.createWorkspace({ name: 'Culvert crew', storage: 'memory://team' })) as Workspace
    await setProfile(real, { name: 'Ana Lima' })
    // A multi-use link, posted where several people (Mallory among them) can read it.
    const link = await real.createInvite({ role: 'writer', short: true })

    // Mallory: derives the invite secret from the link, founds a look-alike workspace with an
    // invite under that very secret, and overwrites the card in the team's storage.
    const parsed = parseShortInvite(link)
    if (!parsed.ok) throw new Error('link')
    const secret = await inviteSecretOf(parsed.value.linkSecret)
    const evil = (await mallory.client.createWorkspace({ name: 'Culvert crew', storage: 'memory://evil' })) as Workspace
    const { membership, deps } = evil.parts
    const body = await inviteEntryBody(secret, 'writer', evil.currentKeys(), {})
    const entry = await signEntry({ ws: evil.id, type: 'invite', parents: membership.state.heads, author: evil.deviceId, body, at: deps.now() }, deps.identity.signing.privateKey)
    await membership.add(entry)
    evil.membershipChanged()
    await membership.push(await evil.storage())
    await writeInviteCard(
      team,
      secret,
      { ws: evil.id, name: 'Culvert crew', storage: 'memory://evil', role: 'writer', by: { device: evil.deviceId, user: deps.identity.userId, name: 'Ana Lima' }, at: deps.now() },
      deps.identity.signing.privateKey,
    )

    // Carol opens the link she was given: refused, and said so; joining writes nothing anywhere.
    const preview = await previewInvite(link, { openStorage: open })
    expect(preview).toMatchObject({ ok: false, reason: 'invalid', detail: expect.stringContaining('name another workspace') })
    await expect(carol.client.join(link)).rejects.toMatchObject({ code: 'invalid-invite' })
    expect(await carol.client.workspaces()).toEqual([])
    expect(evil.membership.devices.size).toBe(1)
  }, 60_000)
})
