// Writing hostile or hand-made entries and envelopes straight into storage, the way a
// malicious member or a compromised storage provider could.

import * as A from '@automerge/automerge'
import { encodeChangeBatch } from '../../src/format/change-batch.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../../src/format/envelope.ts'
import { createMarker } from '../../src/format/marker.ts'
import { paths } from '../../src/format/paths.ts'
import { encodeRecord } from '../../src/format/signed-record.ts'
import { hashRecord, signEntry, type EntryBodies, type MemberEntry, type MemberEntryType } from '../../src/membership/entries.ts'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import type { Workspace } from '../../src/workspace/workspace.ts'

/** Signs an entry as `author` (default: the workspace's own device) on top of its current heads and uploads it. */
export async function forgeEntry<T extends MemberEntryType>(
  storage: UserStorage,
  author: Workspace,
  type: T,
  body: EntryBodies[T],
  parents: readonly string[] = author.membership.heads,
): Promise<string> {
  const entry = await signEntry(
    { ws: author.id, type, parents, author: author.deviceId, body, at: Date.now() },
    author.parts.deps.identity.signing.privateKey,
  )
  const hash = await hashRecord(entry)
  await storage.write(paths.memberEntry(author.id, hash), encodeRecord(entry as MemberEntry))
  return hash
}

/**
 * Writes an envelope as `writer` at its next sequence number, bypassing its own checks (as a
 * modified client would), and bumps its marker so peers fetch it.
 */
export async function forceWrite(storage: UserStorage, writer: Workspace, docName: string, key: string, value: string): Promise<number> {
  const docId = await writer.parts.keyring.namer.idForName(docName)
  const doc = A.change(A.init<Record<string, string>>({ actor: writer.deviceId + 'f0f0f0f0' }), (d) => void (d[key] = value))
  const seq = writer.parts.outbox.lastSeq + 1
  const keys = writer.currentKeys()
  const signer = writer.parts.deps.identity.signing.privateKey
  const file = await sealEnvelope(envelopeHeader(writer.id, writer.deviceId, seq, keys.id), encodeChangeBatch([{ docId, changes: A.getAllChanges(doc) }]), keys.content, signer)
  await storage.write(paths.envelope(writer.id, writer.deviceId, seq), encodeEnvelope(file))
  await storage.write(paths.marker(writer.id, writer.deviceId), await createMarker(writer.id, writer.deviceId, seq, Date.now(), signer))
  return seq
}
