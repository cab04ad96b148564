// Publishing and starting from snapshots (invariant 6). Trust: a snapshot is accepted only
// from a device that may write, when it decrypts under a held epoch, and when every change
// inside carries the actor of a device of this workspace; unlike envelopes, the snapshot's
// author vouches for which of those devices' changes it includes (docs/THREAT_MODEL.md).

import * as A from '@automerge/automerge'
import { changeActor } from '../docs/change-actor.ts'
import { compressBatch, decodeSealedBatch, encodeChangeBatch } from '../format/change-batch.ts'
import { paths } from '../format/paths.ts'
import { decryptSnapshot, parseSnapshot, sealSnapshot, verifySnapshotSignature, type SnapshotFile } from '../format/snapshot.ts'
import { canWrite, type MembershipState } from '../membership/state.ts'
import type { Workspace } from '../workspace/workspace.ts'
import { refuse, type Check, type Rejection } from './rejection.ts'
import type { UserStorage } from '../storage/user-storage.ts'

/** A snapshot's position, workspace, author's right to write and signature (not its contents). */
export async function checkSnapshot(file: SnapshotFile, path: string, membership: MembershipState): Promise<Check<SnapshotFile>> {
  if (file.ws !== membership.ws || path !== paths.snapshot(membership.ws, file.device)) return refuse('replay', 'snapshot signed for another workspace or device')
  const allowed = canWrite(membership, file.device, Number.MAX_SAFE_INTEGER)
  if (!allowed.ok) return refuse(allowed.reason, allowed.detail)
  if (!(await verifySnapshotSignature(file))) return refuse('bad-signature', 'snapshot signature does not verify')
  return { ok: true, value: file }
}

export async function publishSnapshot(ws: Workspace): Promise<{ path: string; documents: number }> {
  const { docs, progress, outbox, deps } = ws.parts
  await ws.seal()
  const vector: Record<string, number> = {}
  for (const [device, seen] of await progress.all()) if (seen.highWater > 0) vector[device] = seen.highWater
  // Own changes are in the documents up to what has been sealed.
  if (outbox.lastSeq > 0) vector[ws.deviceId] = outbox.lastSeq
  const saved = []
  for (const docId of await docs.ids()) saved.push({ docId, changes: [A.save((await docs.open(docId)).doc())] })
  const keys = ws.currentKeys()
  const bytes = await sealSnapshot(
    { ws: ws.id, device: ws.deviceId, epoch: keys.id, at: deps.now(), vector },
    await compressBatch(encodeChangeBatch(saved)),
    keys.content,
    deps.identity.signing.privateKey,
  )
  const path = paths.snapshot(ws.id, ws.deviceId)
  // Every location that accepts it; fails only when none does.
  const results = await Promise.allSettled(ws.storageUrls.map(async (url) => (await ws.storage(url)).write(path, bytes)))
  const failure = results.find((r) => r.status === 'rejected')
  if (failure && results.every((r) => r.status === 'rejected')) throw failure.reason
  return { path, documents: saved.length }
}

/**
 * On a device that has applied nothing yet: loads the newest valid snapshot and records its
 * vector as progress, so the pull that follows fetches only the log after it.
 */
export async function startFromSnapshot(ws: Workspace, storage: UserStorage, reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>): Promise<boolean> {
  const { progress, docs, membership, keyring, applyLock } = ws.parts
  if ((await progress.all()).size > 0) return false
  const prefix = paths.snapshotsPrefix(ws.id)
  const candidates = []
  for (const path of await storage.list(prefix)) {
    const bytes = await storage.read(path)
    if (!bytes) continue
    const parsed = parseSnapshot(bytes)
    if (!parsed.ok) {
      await reject({ kind: 'snapshot', path, reason: parsed.reason, detail: parsed.detail })
      continue
    }
    candidates.push({ path, file: parsed.value })
  }
  const total = (v: Readonly<Record<string, number>>) => Object.values(v).reduce((a, b) => a + b, 0)
  candidates.sort((a, b) => total(b.file.vector) - total(a.file.vector))
  for (const { path, file } of candidates) {
    const fail = (reason: Rejection['reason'], detail: string) => reject({ kind: 'snapshot', path, device: file.device, reason, detail })
    const authentic = await checkSnapshot(file, path, membership.state)
    if (!authentic.ok) {
      await fail(authentic.reason, authentic.detail)
      continue
    }
    const keys = keyring.get(file.epoch)
    if (!keys) {
      await fail('unknown-epoch', `no key for epoch ${file.epoch}`)
      continue
    }
    const plain = await decryptSnapshot(file, keys.content)
    const batch = plain && (await decodeSealedBatch(plain))
    if (!batch || !batch.ok) {
      await fail(plain ? 'malformed' : 'decrypt-failed', batch && !batch.ok ? batch.detail : 'snapshot does not decrypt')
      continue
    }
    const loaded: { docId: string; saved: Uint8Array }[] = []
    let problem: string | undefined
    for (const { docId, changes } of batch.value) {
      try {
        const saved = changes[0]!
        const strangers = A.getAllChanges(A.load(saved)).filter((c) => !membership.state.devices.has(changeActor(c).slice(0, 64)))
        if (strangers.length > 0) problem = `document ${docId} holds changes by devices that are not in the workspace`
        loaded.push({ docId, saved })
      } catch {
        problem = `document ${docId} does not load`
      }
      if (problem) break
    }
    if (problem) {
      await fail('actor-mismatch', problem)
      continue
    }
    await applyLock.run(async () => {
      for (const { docId, saved } of loaded) (await docs.open(docId)).mergeSaved(saved)
      await docs.flush()
      for (const [device, seq] of Object.entries(file.vector)) {
        if (device === ws.deviceId) continue
        ;(await progress.get(device)).addRange(1, seq)
        await progress.save(device)
      }
    })
    return true
  }
  return false
}

export const DEFAULT_SNAPSHOT_EVERY = 5_000

/** Publishes a new snapshot once enough changes arrived or were made since the last one (0: never). */
export async function maybePublishSnapshot(ws: Workspace, changesSinceSync: number): Promise<void> {
  const every = ws.parts.deps.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY
  if (every === 0) return
  const key = ['ws', ws.id, 'snapshot-due']
  const { local } = ws.parts.deps
  const due = ((await local.getJson<number>(key)) ?? 0) + changesSinceSync
  if (due < every || ws.role === 'reader' || ws.role === undefined) {
    if (changesSinceSync > 0) await local.putJson(key, due)
    return
  }
  await publishSnapshot(ws)
  await local.putJson(key, 0)
}
