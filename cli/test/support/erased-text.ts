// Where a text still is, after an erasure: every file under a folder (device homes, a storage
// folder), read as it is, as deflate, as an Automerge document or change, and — for envelopes,
// outbox records and snapshots — decrypted with every epoch key the given devices hold.

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import * as A from '@automerge/automerge'
import { decodeSealedBatch } from '../../../framework/src/format/change-batch.ts'
import { decryptEnvelope, parseEnvelope } from '../../../framework/src/format/envelope.ts'
import { decryptSnapshot, parseSnapshot } from '../../../framework/src/format/snapshot.ts'
import type { EpochKeys } from '../../../framework/src/crypto/epoch-keys.ts'

/** Epoch keys by id, as members hold them. */
export type KeysByEpoch = ReadonlyMap<string, EpochKeys>

/** Every file under `root` (recursively) whose bytes, in any of the readings above, hold `text`. */
export async function filesHolding(root: string, text: string, keys: KeysByEpoch): Promise<string[]> {
  const found: string[] = []
  for (const path of await allFiles(root)) {
    if (await holds(new Uint8Array(await readFile(path)), text, keys)) found.push(path)
  }
  return found
}

/** How many files under `root` were read: a scan that reads nothing proves nothing. */
export async function fileCount(root: string): Promise<number> {
  return (await allFiles(root)).length
}

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

async function holds(bytes: Uint8Array, text: string, keys: KeysByEpoch): Promise<boolean> {
  for (const reading of await readings(bytes, keys)) if (Buffer.from(reading).includes(text)) return true
  return false
}

/** The file's bytes and everything they open to. */
async function readings(bytes: Uint8Array, keys: KeysByEpoch): Promise<Uint8Array[]> {
  const out = [bytes, ...inflated(bytes), ...automerge(bytes)]
  for (const envelope of embeddedEnvelopes(bytes)) out.push(...(await openEnvelope(envelope, keys)))
  const snapshot = parseSnapshot(bytes)
  if (snapshot.ok) {
    const epoch = keys.get(snapshot.value.epoch)
    const plain = epoch && (await decryptSnapshot(snapshot.value, epoch.content))
    if (plain) out.push(...(await batchReadings(plain)))
  }
  return out
}

/** An envelope file, or an outbox record that carries one as text. */
function embeddedEnvelopes(bytes: Uint8Array): Uint8Array[] {
  if (parseEnvelope(bytes).ok) return [bytes]
  try {
    const record = JSON.parse(Buffer.from(bytes).toString('utf8')) as { file?: unknown }
    return typeof record.file === 'string' ? [new TextEncoder().encode(record.file)] : []
  } catch {
    return []
  }
}

async function openEnvelope(bytes: Uint8Array, keys: KeysByEpoch): Promise<Uint8Array[]> {
  const parsed = parseEnvelope(bytes)
  if (!parsed.ok) return []
  const epoch = keys.get(parsed.value.epoch)
  const plain = epoch && (await decryptEnvelope(parsed.value, epoch.content))
  return plain ? batchReadings(plain) : []
}

async function batchReadings(plain: Uint8Array): Promise<Uint8Array[]> {
  const batch = await decodeSealedBatch(plain)
  if (!batch.ok) return [plain]
  return batch.value.flatMap((doc) => doc.changes.flatMap((change) => [change, ...automerge(change)]))
}

function inflated(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const inflate of [inflateSync, inflateRawSync, gunzipSync]) {
    try {
      out.push(new Uint8Array(inflate(bytes)))
    } catch {
      // not this kind of deflate
    }
  }
  return out
}

/** A saved document's changes and contents, or one change's operations, as JSON text. */
function automerge(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  try {
    const doc = A.load(bytes)
    out.push(Buffer.from(JSON.stringify(A.getAllChanges(doc).map((c) => A.decodeChange(c)))))
    out.push(Buffer.from(JSON.stringify(A.toJS(doc))))
  } catch {
    // not a saved document
  }
  try {
    out.push(Buffer.from(JSON.stringify(A.decodeChange(bytes))))
  } catch {
    // not a change
  }
  return out
}
