// What members' keys open, after an erasure: every envelope (a file in storage, or an outbox or
// sent record on a device) and every snapshot among some files, decrypted with the epoch keys a
// device holds, its changes gathered per document and every state their history passed through
// rendered as JSON — text typed key by key is one insertion per character, so the ops alone
// would not show it.

import type { Page } from '@playwright/test'
import * as A from '@automerge/automerge'
import { decodeSealedBatch } from '../../framework/src/format/change-batch.ts'
import { deriveEpochKeys, type EpochKeys } from '../../framework/src/crypto/epoch-keys.ts'
import { decryptEnvelope, parseEnvelope } from '../../framework/src/format/envelope.ts'
import { decryptSnapshot, parseSnapshot } from '../../framework/src/format/snapshot.ts'
import { containsMarker } from './plaintext-scan.ts'

type HookWindow = { __clientfulTest?: { epochSecrets?: () => Promise<Record<string, string[]>> } }

/** Every epoch key the device of this page holds (its engine's keyring), old ones included. */
export async function epochKeysOf(page: Page): Promise<EpochKeys[]> {
  const secrets = await page.evaluate(async () => {
    const read = (window as unknown as HookWindow).__clientfulTest?.epochSecrets
    if (!read) throw new Error('the page did not expose its epoch keys')
    return Object.values(await read()).flat()
  })
  if (secrets.length === 0) throw new Error('this page does not run the engine')
  return Promise.all(secrets.map((s) => deriveEpochKeys(new Uint8Array(Buffer.from(s, 'base64url')))))
}

/**
 * The documents whose history, gathered from every one of these files that opens with the keys,
 * holds the marker: text typed over many envelopes shows only in the sum of them.
 */
export async function decryptedHolding(files: readonly { bytes: Uint8Array }[], keys: readonly EpochKeys[], marker: string): Promise<string[]> {
  const byId = new Map(keys.map((k) => [k.id, k]))
  const all = new Map<string, Uint8Array[]>()
  for (const { bytes } of files) {
    for (const [docId, parts] of await openFile(bytes, byId)) all.set(docId, [...(all.get(docId) ?? []), ...parts])
  }
  return [...all].filter(([, parts]) => historyHolds(parts, marker)).map(([docId]) => docId)
}

/** How many of these files opened with the keys: a scan that opens nothing proves nothing. */
export async function openedCount(files: readonly { bytes: Uint8Array }[], keys: readonly EpochKeys[]): Promise<number> {
  const byId = new Map(keys.map((k) => [k.id, k]))
  let opened = 0
  for (const { bytes } of files) if ((await openFile(bytes, byId)).size > 0) opened++
  return opened
}

/** The changes (or saved documents) inside one file, per document id. */
async function openFile(bytes: Uint8Array, keys: ReadonlyMap<string, EpochKeys>): Promise<Map<string, Uint8Array[]>> {
  const docs = new Map<string, Uint8Array[]>()
  const envelope = parseEnvelope(embeddedEnvelope(bytes))
  const snapshot = envelope.ok ? undefined : parseSnapshot(bytes)
  let plain: Uint8Array | undefined
  if (envelope.ok) plain = keys.has(envelope.value.epoch) ? await decryptEnvelope(envelope.value, keys.get(envelope.value.epoch)!.content) : undefined
  else if (snapshot?.ok) plain = keys.has(snapshot.value.epoch) ? await decryptSnapshot(snapshot.value, keys.get(snapshot.value.epoch)!.content) : undefined
  const batch = plain && (await decodeSealedBatch(plain))
  if (batch && batch.ok) for (const { docId, changes } of batch.value) docs.set(docId, [...changes])
  return docs
}

/** An envelope file, or the envelope an outbox or sent record carries as text. */
function embeddedEnvelope(bytes: Uint8Array): Uint8Array {
  try {
    const record = JSON.parse(Buffer.from(bytes).toString('utf8')) as { file?: unknown }
    if (typeof record.file === 'string') return new TextEncoder().encode(record.file)
  } catch {
    // not JSON
  }
  return bytes
}

/** Changes (or a saved document) of one document: the marker in any state their history passed through. */
function historyHolds(parts: readonly Uint8Array[], marker: string): boolean {
  if (parts.some((bytes) => containsMarker(bytes, marker))) return true
  let doc = A.init<unknown>()
  try {
    for (const bytes of parts) {
      try {
        doc = A.loadIncremental(doc, bytes) // a saved document
      } catch {
        ;[doc] = A.applyChanges(doc, [bytes]) // one change (queued when its dependencies are elsewhere)
      }
    }
    return A.getAllChanges(doc).some((change) => {
      const hash = A.decodeChange(change).hash
      return hash !== undefined && JSON.stringify(A.view(doc, [hash])).includes(marker)
    })
  } finally {
    A.free(doc)
  }
}
