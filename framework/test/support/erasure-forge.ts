// Erasure under attack: hand-made redactions (envelope version 3) signed by a member's own
// device, as a modified client would write them, and storage that stops taking writes part-way
// through a device's rewrite, as a device that crashes half-way would leave it.

import * as A from '@automerge/automerge'
import { compressBatch, decodeSealedBatch, encodeChangeBatch, type DocChanges } from '../../src/format/change-batch.ts'
import { decryptEnvelope, encodeEnvelope, parseEnvelope, redactedHeader, sealEnvelope, type EnvelopeFile } from '../../src/format/envelope.ts'
import { paths } from '../../src/format/paths.ts'
import type { EpochKeys } from '../../src/crypto/epoch-keys.ts'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import type { Workspace } from '../../src/workspace/workspace.ts'
import { createDevice, storageRegistry } from './devices.ts'

export const idOf = (ws: Workspace, name: string): Promise<string> => ws.parts.keyring.namer.idForName(name)

export async function syncAll(workspaces: readonly Workspace[], rounds = 1): Promise<void> {
  for (let i = 0; i < rounds; i++) for (const ws of workspaces) await ws.sync()
}

/** Envelope `seq` of `device` as storage holds it. */
export async function storedEnvelope(storage: UserStorage, ws: Workspace, device: string, seq: number): Promise<EnvelopeFile> {
  const bytes = await storage.read(paths.envelope(ws.id, device, seq))
  const parsed = bytes && parseEnvelope(bytes)
  if (!parsed || !parsed.ok) throw new Error(`test: no envelope ${device.slice(0, 8)}#${seq} in storage`)
  return parsed.value
}

/** What an envelope carries, opened with any epoch key `holder` has. */
export async function openedDocs(holder: Workspace, file: EnvelopeFile): Promise<DocChanges[]> {
  const keys = holder.parts.keyring.get(file.epoch)
  const plain = keys && (await decryptEnvelope(file, keys.content))
  const batch = plain && (await decodeSealedBatch(plain))
  if (!batch || !batch.ok) throw new Error(`test: cannot open ${file.device.slice(0, 8)}#${file.seq}`)
  return batch.value
}

/** One valid change by a session of `author`'s device, setting `key` in a document. */
export function changeBy(author: Workspace, docId: string, key: string, value: string, actorSuffix: string): DocChanges {
  const doc = A.change(A.init<Record<string, string>>({ actor: author.deviceId + actorSuffix }), (d) => void (d[key] = value))
  return { docId, changes: A.getAllChanges(doc) }
}

/**
 * A redaction of `original` signed by `author`'s device, carrying `docs`, naming `erasure`, sealed
 * under `keys` (by default the newest the author holds). `own` is the original's unless given.
 */
export async function forgeRedaction(
  author: Workspace,
  original: EnvelopeFile,
  erasure: string,
  docs: readonly DocChanges[],
  keys: EpochKeys = author.currentKeys(),
): Promise<Uint8Array> {
  const header = redactedHeader(original, keys.id, original.own ?? '0'.repeat(64), erasure)
  const signer = author.parts.deps.identity.signing.privateKey
  return encodeEnvelope(await sealEnvelope(header, await compressBatch(encodeChangeBatch([...docs])), keys.content, signer))
}

/**
 * Storage that lets `landed` matching writes through and then stops: the last of them lands but
 * its caller never hears so (the process died right after), and every later matching write
 * fails, until `resume()`.
 */
export function haltingStorage(inner: UserStorage, matches: (path: string) => boolean) {
  let budget = Number.POSITIVE_INFINITY
  const storage: UserStorage = {
    ...inner,
    location: inner.location,
    async write(path, data) {
      if (!matches(path)) return inner.write(path, data)
      if (budget <= 0) throw new Error(`test: device stopped before writing ${path}`)
      budget--
      await inner.write(path, data)
      if (budget === 0) throw new Error(`test: device stopped right after writing ${path}`)
    },
  }
  return {
    storage,
    haltAfter: (landed: number) => void (budget = landed),
    resume: () => void (budget = Number.POSITIVE_INFINITY),
  }
}

/**
 * A device that joins now as a reader, over `storage` as seen at `url`, and syncs once: it reads
 * whatever storage holds. Its close goes into `cleanup`.
 */
export async function joinAsReader(admin: Workspace, url: string, storage: UserStorage, cleanup: (() => Promise<unknown>)[]): Promise<Workspace> {
  const device = await createDevice(storageRegistry({ [url]: storage }))
  cleanup.push(() => device.close())
  const ws = await device.client.join(await admin.createInvite({ role: 'reader' }))
  await ws.sync()
  return ws
}
