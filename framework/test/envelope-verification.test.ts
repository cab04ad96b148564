// Adversarial input from storage: each tampering is refused with a typed reason while every
// legitimate envelope around it still syncs.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { encodeChangeBatch } from '../src/format/change-batch.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../src/format/envelope.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import { generateKeyPair } from '../src/crypto/keys.ts'
import { importAeadKey } from '../src/crypto/aead.ts'
import { randomBytes } from '../src/crypto/webcrypto.ts'
import { toHex, utf8Decode, utf8Encode } from '../src/util/bytes.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { chainFor } from './support/forge.ts'

type Tasks = Record<string, string>

describe('verify before apply: tampered envelopes in storage', () => {
  let team: Team
  afterEach(() => team?.close())

  async function edit(index: number, key: string, value: string) {
    const ws = team.workspaces[index]!
    ;(await ws.doc<Tasks>('tasks')).change((d) => void (d[key] = value))
    await ws.sync()
  }

  async function reasonsSeenBy(index: number) {
    const report = await team.workspaces[index]!.sync()
    return report.rejected.map((r) => r.reason)
  }

  async function tasksOf(index: number) {
    return A.toJS((await team.workspaces[index]!.doc<Tasks>('tasks')).doc())
  }

  it('a flipped byte in a stored envelope is refused; the rest still syncs', async () => {
    team = await createTeam(['writer', 'writer'])
    const [alice, bob] = team.workspaces as [any, any]
    await edit(0, 'a1', 'first')
    const path = paths.envelope(alice.id, alice.deviceId, 1)
    const bytes = (await team.storage.read(path))!
    const text = utf8Decode(bytes)
    const at = text.indexOf('"ct":"') + 20
    const flipped = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
    await team.storage.write(path, utf8Encode(flipped))
    await edit(2, 'c1', 'from carol')

    expect(await reasonsSeenBy(1)).toContain('bad-signature')
    const tasks = await tasksOf(1)
    expect(tasks.a1).toBeUndefined()
    expect(tasks.c1).toBe('from carol')
    const rejected = await bob.rejected()
    expect(rejected.some((r: any) => r.path === path && r.reason === 'bad-signature')).toBe(true)
  })

  it('an envelope signed by a key that is not a device of the workspace is refused', async () => {
    team = await createTeam(['writer'])
    const [alice] = team.workspaces as [any]
    const stranger = await generateKeyPair('Ed25519', true)
    const strangerId = toHex(stranger.publicKey)
    const doc = A.change(A.init<Tasks>({ actor: strangerId + '00000001' }), (d) => void (d.evil = 'yes'))
    const docId = await alice.parts.keyring.namer.idForName('tasks')
    const header = envelopeHeader(alice.id, strangerId, 1, alice.currentKeys().id, { prev: '', own: '0'.repeat(64) })
    const file = await sealEnvelope(header, encodeChangeBatch([{ docId, changes: A.getAllChanges(doc) }]), alice.currentKeys().content, stranger.privateKey)
    await team.storage.write(paths.envelope(alice.id, strangerId, 1), encodeEnvelope(file))
    await team.storage.write(paths.marker(alice.id, strangerId), await createMarker(alice.id, strangerId, 1, Date.now(), stranger.privateKey))
    await edit(0, 'ok', 'legit')

    expect(await reasonsSeenBy(1)).toContain('unknown-device')
    const tasks = await tasksOf(1)
    expect(tasks.evil).toBeUndefined()
    expect(tasks.ok).toBe('legit')
  })

  it("a change whose actor is not the envelope's signer is refused (nobody writes under another's name)", async () => {
    team = await createTeam(['writer', 'writer'])
    const [alice, bob] = team.workspaces as [any, any]
    await edit(0, 'a1', 'by alice')
    // Bob (a real member) forges a change under Alice's actor and signs it himself.
    const forged = A.change(A.init<Tasks>({ actor: alice.deviceId + 'deadbeef' }), (d) => void (d.forged = 'as alice'))
    const docId = await bob.parts.keyring.namer.idForName('tasks')
    const seq = bob.parts.outbox.lastSeq + 1
    const file = await sealEnvelope(
      envelopeHeader(bob.id, bob.deviceId, seq, bob.currentKeys().id, chainFor(bob, seq)),
      encodeChangeBatch([{ docId, changes: A.getAllChanges(forged) }]),
      bob.currentKeys().content,
      bob.parts.deps.identity.signing.privateKey,
    )
    await team.storage.write(paths.envelope(bob.id, bob.deviceId, seq), encodeEnvelope(file))
    await team.storage.write(paths.marker(bob.id, bob.deviceId), await createMarker(bob.id, bob.deviceId, seq, Date.now(), bob.parts.deps.identity.signing.privateKey))
    await edit(0, 'a2', 'alice again')

    expect(await reasonsSeenBy(2)).toContain('actor-mismatch')
    const tasks = await tasksOf(2)
    expect(tasks.forged).toBeUndefined()
    expect(tasks.a2).toBe('alice again')
  })

  it('a replayed envelope (a valid one copied to another position) is refused', async () => {
    team = await createTeam(['writer', 'writer'])
    const [alice] = team.workspaces as [any]
    await edit(0, 'v', 'one')
    await edit(0, 'v', 'two')
    // Storage replays envelope 1 in slot 2, trying to roll "v" back.
    const first = (await team.storage.read(paths.envelope(alice.id, alice.deviceId, 1)))!
    await team.storage.write(paths.envelope(alice.id, alice.deviceId, 2), first)

    expect(await reasonsSeenBy(1)).toContain('replay')
    // Alice's later changes depend causally on the withheld one, but everyone else's flow on.
    await edit(2, 'w', 'from carol')
    await reasonsSeenBy(1)
    const tasks = await tasksOf(1)
    expect(tasks.v).toBe('one')
    expect(tasks.w).toBe('from carol')
  })

  it('an envelope encrypted under a key that is not the workspace key fails to decrypt', async () => {
    team = await createTeam(['writer'])
    const [alice] = team.workspaces as [any]
    const doc = A.change(A.init<Tasks>({ actor: alice.deviceId + '00000002' }), (d) => void (d.x = 'y'))
    const docId = await alice.parts.keyring.namer.idForName('tasks')
    const wrongKey = await importAeadKey(randomBytes(32))
    const file = await sealEnvelope(envelopeHeader(alice.id, alice.deviceId, 1, alice.currentKeys().id, { prev: '', own: '0'.repeat(64) }), encodeChangeBatch([{ docId, changes: A.getAllChanges(doc) }]), wrongKey, alice.parts.deps.identity.signing.privateKey)
    await team.storage.write(paths.envelope(alice.id, alice.deviceId, 1), encodeEnvelope(file))
    await team.storage.write(paths.marker(alice.id, alice.deviceId), await createMarker(alice.id, alice.deviceId, 1, Date.now(), alice.parts.deps.identity.signing.privateKey))
    expect(await reasonsSeenBy(1)).toEqual(['decrypt-failed'])
  })

  it('envelopes of a newer format version are refused, never half-read', async () => {
    team = await createTeam(['writer'])
    const [alice] = team.workspaces as [any]
    await edit(0, 'k', 'v')
    const path = paths.envelope(alice.id, alice.deviceId, 1)
    const json = JSON.parse(utf8Decode((await team.storage.read(path))!))
    await team.storage.write(path, utf8Encode(JSON.stringify({ ...json, v: 99 })))
    expect(await reasonsSeenBy(1)).toEqual(['unsupported-version'])
  })
})
