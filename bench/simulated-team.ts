// A team of N devices in storage, made without running N engines: each simulated device has
// real keys (a user key, Ed25519 and X25519 device keys, a certificate), joins with a real
// invite (one invite of N uses, the join entries signed exactly as joinWorkspace signs them),
// and writes its own log and marker with the workspace's epoch key, signed and chained as an
// outbox writes them. Storage therefore holds what N real devices would have written, and a
// real device syncing with it does all its usual checks. Benchmark-only.

import * as A from '@automerge/automerge'
import type { UserStorage, Workspace } from 'clientful'
import { generateKeyPair, type KeyPair } from '../framework/src/crypto/keys.ts'
import { certifyDevice } from '../framework/src/identity/device-identity.ts'
import { compressBatch, encodeChangeBatch, type DocChanges } from '../framework/src/format/change-batch.ts'
import { encodeEnvelope, envelopeHash, envelopeHeader, sealEnvelope } from '../framework/src/format/envelope.ts'
import { createMarker } from '../framework/src/format/marker.ts'
import { paths } from '../framework/src/format/paths.ts'
import { encodeRecord } from '../framework/src/format/signed-record.ts'
import { hashRecord, signEntry, signJoinProof, type MemberEntry } from '../framework/src/membership/entries.ts'
import { deriveInviteKeys, parseInviteCode } from '../framework/src/membership/invite-code.ts'
import { ownHeadsDigest, withChanges, type OwnHeads } from '../framework/src/sync/own-heads.ts'
import { mapConcurrent } from '../framework/src/util/async.ts'
import { toHex } from '../framework/src/util/bytes.ts'

const WRITE_CONCURRENCY = 16
export const SHARED_DOC = 'notes'

interface SimulatedDevice {
  readonly id: string
  readonly signing: KeyPair
  /** Automerge state of its edits to the shared document (its own actor). */
  doc: A.Doc<Record<string, number>>
  seq: number
  tip: string
  own: OwnHeads
}

export interface SimulatedTeam {
  readonly size: number
  /** Device `i` seals one more change to the shared document and uploads it with its marker. */
  pushChange(i: number): Promise<void>
}

/** Adds `size` simulated writers to the founder's workspace; each uploads one envelope. */
export async function addSimulatedDevices(founder: Workspace, storage: UserStorage, size: number): Promise<SimulatedTeam> {
  const code = await founder.createInvite({ role: 'writer', uses: size })
  const parsed = parseInviteCode(code)
  if (!parsed.ok) throw new Error(parsed.detail)
  const inviteKeys = await deriveInviteKeys(parsed.value.secret)
  const inviteKey = toHex(inviteKeys.signing.publicKey)
  const invite = [...founder.parts.membership.state.invites.values()].find((i) => i.key === inviteKey)!
  const ws = founder.id
  const keys = founder.currentKeys()
  const docId = await founder.parts.keyring.namer.idForName(SHARED_DOC)
  const heads = founder.parts.membership.state.heads

  const devices = await mapConcurrent(Array.from({ length: size }, (_, i) => i), WRITE_CONCURRENCY, async (i): Promise<SimulatedDevice> => {
    const [user, signing, box] = [await generateKeyPair('Ed25519', true), await generateKeyPair('Ed25519', true), await generateKeyPair('X25519', true)]
    const record = await certifyDevice(user, signing, box)
    const body = { invite: invite.hash, device: record, proof: await signJoinProof(ws, invite.hash, record.id, inviteKeys.signing.privateKey) }
    const entry = (await signEntry({ ws, type: 'join', parents: heads, author: record.id, body, at: Date.now() + i }, signing.privateKey)) as MemberEntry
    await storage.write(paths.memberEntry(ws, await hashRecord(entry)), encodeRecord(entry))
    const device: SimulatedDevice = { id: record.id, signing, doc: A.init({ actor: `${record.id}00000001` }), seq: 0, tip: '', own: {} }
    await seal(device)
    return device
  })

  async function seal(device: SimulatedDevice): Promise<void> {
    device.doc = A.change(device.doc, (d) => void (d[device.id.slice(0, 16)] = device.seq + 1))
    const change = A.getLastLocalChange(device.doc)!
    const batch: DocChanges[] = [{ docId, changes: [change] }]
    device.own = withChanges(device.own, batch)
    const seq = device.seq + 1
    const file = await sealEnvelope(
      envelopeHeader(ws, device.id, seq, keys.id, { prev: device.tip, own: ownHeadsDigest(device.own) }),
      await compressBatch(encodeChangeBatch(batch)),
      keys.content,
      device.signing.privateKey,
    )
    await storage.write(paths.envelope(ws, device.id, seq), encodeEnvelope(file))
    await storage.write(paths.marker(ws, device.id), await createMarker(ws, device.id, seq, Date.now(), device.signing.privateKey))
    device.seq = seq
    device.tip = envelopeHash(file)
  }

  return { size, pushChange: (i) => seal(devices[i % devices.length]!) }
}
