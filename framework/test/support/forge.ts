// Writing hostile or hand-made entries and envelopes straight into storage, the way a
// malicious member or a compromised storage provider could.

import * as A from '@automerge/automerge'
import { encodeChangeBatch } from '../../src/format/change-batch.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../../src/format/envelope.ts'
import { createMarker, parseMarker } from '../../src/format/marker.ts'
import { paths } from '../../src/format/paths.ts'
import { encodeRecord } from '../../src/format/signed-record.ts'
import { hashRecord, signEntry, type EntryBodies, type MemberEntry, type MemberEntryType } from '../../src/membership/entries.ts'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import { generateKeyPair, type KeyPair } from '../../src/crypto/keys.ts'
import { certifyDevice, type DeviceRecord } from '../../src/identity/device-identity.ts'
import type { Workspace } from '../../src/workspace/workspace.ts'

/** Signs an entry as `author` (default: the workspace's own device) on top of its current heads and uploads it. */
export async function forgeEntry<T extends MemberEntryType>(
  storage: UserStorage,
  author: Workspace,
  type: T,
  body: EntryBodies[T],
  parents: readonly string[] = author.parts.membership.state.heads,
): Promise<string> {
  const entry = await signEntry(
    { ws: author.id, type, parents, author: author.deviceId, body, at: Date.now() },
    author.parts.deps.identity.signing.privateKey,
  )
  const hash = await hashRecord(entry)
  await storage.write(paths.memberEntry(author.id, hash), encodeRecord(entry as MemberEntry))
  await announceEntries(storage, author)
  return hash
}

/**
 * What a device does after uploading membership entries: rewrites its marker with the same
 * head, so that readers, who list members/ only when a marker changed, fetch them.
 */
export async function announceEntries(storage: UserStorage, author: Workspace): Promise<void> {
  const path = paths.marker(author.id, author.deviceId)
  const stored = await storage.read(path)
  const parsed = stored && parseMarker(stored)
  const head = parsed && parsed.ok ? parsed.value.head : 0
  await storage.write(path, await createMarker(author.id, author.deviceId, head, Date.now(), author.parts.deps.identity.signing.privateKey))
}

const ZERO_HASH = '0'.repeat(64)

/**
 * The chain fields of a hand-made envelope: at the writer's next number it links to the
 * writer's real last envelope (as a modified client would), elsewhere to nothing real.
 * `own` is a placeholder: only snapshots are checked against it.
 */
export function chainFor(writer: Workspace, seq: number): { prev: string; own: string } {
  const outbox = writer.parts.outbox as { lastSeq: number; tip?: string }
  return { prev: seq === 1 ? '' : seq === outbox.lastSeq + 1 && outbox.tip ? outbox.tip : ZERO_HASH, own: ZERO_HASH }
}

/** An envelope signed by `writer` at `seq`, setting `key` in `docName` (not uploaded). */
export async function forgeEnvelope(
  writer: Workspace,
  seq: number,
  docName: string,
  key: string,
  value: string,
  actorSuffix = 'f0f0f0f0',
  chain: { prev: string; own: string } = chainFor(writer, seq),
): Promise<Uint8Array> {
  const docId = await writer.parts.keyring.namer.idForName(docName)
  const doc = A.change(A.init<Record<string, string>>({ actor: writer.deviceId + actorSuffix }), (d) => void (d[key] = value))
  const keys = writer.currentKeys()
  const signer = writer.parts.deps.identity.signing.privateKey
  const file = await sealEnvelope(envelopeHeader(writer.id, writer.deviceId, seq, keys.id, chain), encodeChangeBatch([{ docId, changes: A.getAllChanges(doc) }]), keys.content, signer)
  return encodeEnvelope(file)
}

/**
 * Writes an envelope as `writer` at its next sequence number, bypassing its own checks (as a
 * modified client would), and bumps its marker so peers fetch it.
 */
export async function forceWrite(storage: UserStorage, writer: Workspace, docName: string, key: string, value: string, actorSuffix?: string): Promise<number> {
  const seq = writer.parts.outbox.lastSeq + 1
  const signer = writer.parts.deps.identity.signing.privateKey
  await storage.write(paths.envelope(writer.id, writer.deviceId, seq), await forgeEnvelope(writer, seq, docName, key, value, actorSuffix))
  await storage.write(paths.marker(writer.id, writer.deviceId), await createMarker(writer.id, writer.deviceId, seq, Date.now(), signer))
  return seq
}

/** A device of `user` that no workspace admitted yet: its record and keys. */
export async function newDeviceOf(user: KeyPair): Promise<{ record: DeviceRecord; signing: KeyPair }> {
  const signing = await generateKeyPair('Ed25519', true)
  const box = await generateKeyPair('X25519', true)
  return { record: await certifyDevice(user, signing, box), signing }
}

/** `ws` as seen by another device holding its keys (a copy of the epoch keys, its own signing key). */
export function impersonate(ws: Workspace, device: { record: DeviceRecord; signing: KeyPair }, lastSeq = 0): Workspace {
  const forged = Object.create(ws) as Workspace
  const identity = { ...ws.parts.deps.identity, deviceId: device.record.id, signing: device.signing, record: device.record }
  Object.defineProperty(forged, 'deviceId', { value: device.record.id })
  Object.defineProperty(forged, 'parts', { value: { ...ws.parts, deps: { ...ws.parts.deps, identity }, outbox: { lastSeq } } })
  return forged
}
