// The engine keeps an envelope whole or not at all, and runs the app's rules on every change
// it receives and on its own before sealing them (docs/APP-MODEL.md): a writer whose client
// skips the rules (a raw DocHandle, a modified app) gets its change refused by every peer, with
// the rule's name, and undone on its own device.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { checkedTypes } from '../src/app-model/index.ts'
import { encodeChangeBatch } from '../src/format/change-batch.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { boardV1, INBOX, project, task } from './support/board-model.ts'
import { chainFor } from './support/forge.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

describe('the engine and the app’s rules', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('an envelope Automerge refuses for one document leaves no trace in the others', async () => {
    team = await createTeam(['writer', 'writer'])
    const [, mallory, bob] = team.workspaces as [Workspace, Workspace, Workspace]
    for (const ws of team.workspaces) await ws.sync()
    // Two changes with one actor and one sequence number in "second": Automerge refuses the later.
    const actor = mallory.deviceId + 'c0ffee01'
    const honest = A.change(A.init<Record<string, string>>({ actor }), (d) => void (d.x = 'first'))
    const clash = A.change(A.init<Record<string, string>>({ actor }), (d) => void (d.x = 'same seq, other content'))
    const first = A.change(A.init<Record<string, string>>({ actor: mallory.deviceId + 'c0ffee02' }), (d) => void (d.sneaked = 'in with the bad one'))
    const [firstId, secondId] = await Promise.all(['first', 'second'].map((n) => mallory.parts.keyring.namer.idForName(n)))
    const seal = async (seq: number, docs: { docId: string; changes: Uint8Array[] }[]) => {
      const keys = mallory.currentKeys()
      const file = await sealEnvelope(envelopeHeader(mallory.id, mallory.deviceId, seq, keys.id, chainFor(mallory, seq)), encodeChangeBatch(docs), keys.content, mallory.parts.deps.identity.signing.privateKey)
      await team!.storage.write(paths.envelope(mallory.id, mallory.deviceId, seq), encodeEnvelope(file))
      await team!.storage.write(paths.marker(mallory.id, mallory.deviceId), await createMarker(mallory.id, mallory.deviceId, seq, Date.now(), mallory.parts.deps.identity.signing.privateKey))
      return file
    }
    const seq = mallory.parts.outbox.lastSeq + 1
    await seal(seq, [{ docId: secondId!, changes: [A.getLastLocalChange(honest)!] }])
    await bob.sync()
    // The next envelope: a new change for "first", and the clashing one for "second".
    const bad = await sealEnvelope(
      envelopeHeader(mallory.id, mallory.deviceId, seq + 1, mallory.currentKeys().id, { prev: (await bob.parts.progress.tip(mallory.deviceId))!.hash, own: '0'.repeat(64) }),
      encodeChangeBatch([{ docId: firstId!, changes: [A.getLastLocalChange(first)!] }, { docId: secondId!, changes: [A.getLastLocalChange(clash)!] }]),
      mallory.currentKeys().content,
      mallory.parts.deps.identity.signing.privateKey,
    )
    await team.storage.write(paths.envelope(mallory.id, mallory.deviceId, seq + 1), encodeEnvelope(bad))
    await team.storage.write(paths.marker(mallory.id, mallory.deviceId), await createMarker(mallory.id, mallory.deviceId, seq + 1, Date.now(), mallory.parts.deps.identity.signing.privateKey))

    await bob.sync()
    expect(await bob.rejected()).toContainEqual(expect.objectContaining({ device: mallory.deviceId, seq: seq + 1, reason: 'apply-failed' }))
    expect(A.toJS((await bob.parts.docs.open(firstId!)).doc())).toEqual({})
    expect(A.toJS((await bob.parts.docs.open(secondId!)).doc())).toEqual({ x: 'first' })
    // And it stays out after a reload.
    const reopened = await team.devices[2]!.reopen()
    team.devices[2] = reopened
    const again = await reopened.client.workspace(bob.id)
    expect(A.toJS((await again.parts.docs.open(firstId!)).doc())).toEqual({})
  })

  it('a change that breaks a rule is refused by every peer with the rule’s name, and undone on its author’s device', async () => {
    const rules = { rules: checkedTypes([boardV1]) }
    team = await createTeam(['writer', 'writer'], undefined, undefined, rules)
    const [admin, carol, dave] = team.workspaces as [Workspace, Workspace, Workspace]
    const board = await boardV1.open(admin)
    expect(board.put('project:site', project('Site'))).toMatchObject({ ok: true })
    expect(board.put('task:pump', task('Fix the pump', 'project:site', { assignee: admin.parts.deps.identity.userId }))).toMatchObject({ ok: true })
    await admin.sync()
    for (const ws of [carol, dave]) await ws.sync()

    // Carol closes a task assigned to someone else through a raw handle, past the typed API's checks.
    await boardV1.open(carol)
    const raw = await carol.parts.docs.open(await carol.parts.keyring.namer.idForName('board'))
    raw.change((d: any) => void (d['task:pump'].status = 'done'))
    await carol.sync()
    expect(await carol.rejected()).toContainEqual(expect.objectContaining({ kind: 'local-change', reason: 'rule-broken', detail: expect.stringMatching(/^rule assignee-closes/) }))
    expect((A.toJS(raw.doc()) as any)['task:pump'].status).toBe('open')

    // The same change signed and uploaded anyway (a modified client that skips its own seal check).
    const forgedDoc = A.change(A.load<any>(A.save(raw.doc()), { actor: carol.deviceId + 'deadbee1' }), (d: any) => void (d['task:pump'].status = 'done'))
    const seq = carol.parts.outbox.lastSeq + 1
    const keys = carol.currentKeys()
    const file = await sealEnvelope(envelopeHeader(carol.id, carol.deviceId, seq, keys.id, chainFor(carol, seq)), encodeChangeBatch([{ docId: raw.id, changes: [A.getLastLocalChange(forgedDoc)!] }]), keys.content, carol.parts.deps.identity.signing.privateKey)
    await team.storage.write(paths.envelope(carol.id, carol.deviceId, seq), encodeEnvelope(file))
    await team.storage.write(paths.marker(carol.id, carol.deviceId), await createMarker(carol.id, carol.deviceId, seq, Date.now(), carol.parts.deps.identity.signing.privateKey))

    for (const ws of [admin, dave]) {
      await ws.sync()
      expect(await ws.rejected()).toContainEqual(expect.objectContaining({ device: carol.deviceId, seq, reason: 'rule-broken', detail: expect.stringMatching(/^rule assignee-closes/) }))
      expect((await boardV1.open(ws)).read().entries.get('task:pump')).toMatchObject({ status: 'open' })
    }
    // The inbox invariant still holds on every peer (nothing else was touched).
    expect((await boardV1.open(dave)).read().entries.has(INBOX)).toBe(false)
  })
})
