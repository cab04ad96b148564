// Publishing and starting from snapshots (invariant 6), with nothing taken on the snapshot
// author's word (invariant 14). A snapshot is used only when:
//  - it is signed by a device that may write now, for this workspace, at its own path;
//  - for every device in its vector, the envelope at that number exists, verifies (signature,
//    write window, chain hash named in the snapshot), and signed an `own` digest equal to the
//    digest of that device's changes as the snapshot's documents hold them (own-heads.ts) —
//    so the snapshot holds exactly what each author shared up to there, nothing forged under
//    another's name, nothing hidden;
//  - no change in it belongs to a device outside its vector.
// Anything else is refused with a reason and the device falls back to the log. Reading is
// bounded: snapshot files only of current writers, at most a few, each within a size limit.

import * as A from '@automerge/automerge'
import { compressBatch, decodeSealedBatch, encodeChangeBatch } from '../format/change-batch.ts'
import { leafId, paths } from '../format/paths.ts'
import { decryptSnapshot, MAX_SNAPSHOT_BYTES, parseSnapshot, sealSnapshot, verifySnapshotSignature, type SnapshotFile } from '../format/snapshot.ts'
import { canWrite, erasedDocs, lastWritableSeq, type MembershipState } from '../membership/state.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import type { Role } from '../api/role.ts'
import type { EngineContext, EngineParts } from './engine-parts.ts'
import { ownHeadsDigest, ownHeadsOfSaved, type OwnHeads } from './own-heads.ts'
import { mapConcurrent } from '../util/async.ts'
import { errorMessage } from '../util/errors.ts'
import { refuse, type Check, type Rejection } from './rejection.ts'
import { verifyEnvelope } from './verify-envelope.ts'
import { MAX_ENVELOPE_BYTES } from '../format/envelope.ts'
import { readBounded } from '../storage/bounded-read.ts'

/** Envelopes named by a snapshot's vector, read at once. */
const ENVELOPE_READS = 16
/** Snapshot files a new device reads at most, one at a time. */
const MAX_CANDIDATES = 4

/** A snapshot's position, workspace, author's right to write and signature (not its contents). */
export async function checkSnapshot(file: SnapshotFile, path: string, membership: MembershipState): Promise<Check<SnapshotFile>> {
  if (file.ws !== membership.ws || path !== paths.snapshot(membership.ws, file.device)) return refuse('replay', 'snapshot signed for another workspace or device')
  if (lastWritableSeq(membership, file.device) !== Number.POSITIVE_INFINITY) {
    const allowed = canWrite(membership, file.device, Number.MAX_SAFE_INTEGER)
    return refuse(allowed.ok ? 'unauthorized' : allowed.reason, allowed.ok ? 'the snapshot author may no longer write' : allowed.detail)
  }
  if (!(await verifySnapshotSignature(file))) return refuse('bad-signature', 'snapshot signature does not verify')
  return { ok: true, value: file }
}

/** What publishing a snapshot uses of its workspace. */
export type SnapshotPublishContext = EngineContext<'docs' | 'progress' | 'outbox' | 'now' | 'identity' | 'local'> & {
  /** Seals pending edits first: only what is sealed may be in a snapshot. */
  seal(): Promise<unknown>
  currentKeys(): EpochKeys
  readonly storageUrls: readonly string[]
  storage(url: string): Promise<UserStorage>
  /** Readers and removed devices publish none. */
  readonly role: Role | undefined
}

export async function publishSnapshot(ws: SnapshotPublishContext): Promise<{ path: string; documents: number }> {
  const { docs, progress, outbox, now, identity } = ws.parts
  await ws.seal()
  // Only what is sealed may be in it: its author's own digest must match.
  if (docs.hasUnsealed) throw new Error('edits were made while the snapshot was being taken: try again')
  const vector: Record<string, number> = {}
  const tips: Record<string, string> = {}
  for (const [device, seen] of await progress.all()) {
    const tip = await progress.tip(device)
    if (seen.highWater === 0) continue
    if (!tip) throw new Error(`this device does not know the hash of ${device.slice(0, 12)}…#${seen.highWater} (applied before chains): no snapshot until it has pulled again`)
    vector[device] = seen.highWater
    tips[device] = tip.hash
  }
  if (outbox.lastSeq > 0) {
    vector[ws.deviceId] = outbox.lastSeq
    tips[ws.deviceId] = outbox.tip
  }
  const saved = []
  for (const docId of await docs.ids()) saved.push({ docId, changes: [A.save((await docs.open(docId)).doc())] })
  const keys = ws.currentKeys()
  const bytes = await sealSnapshot(
    { ws: ws.id, device: ws.deviceId, epoch: keys.id, at: now(), vector, tips },
    await compressBatch(encodeChangeBatch(saved)),
    keys.content,
    identity.signing.privateKey,
  )
  const path = paths.snapshot(ws.id, ws.deviceId)
  // Every location that accepts it; fails only when none does.
  const results = await Promise.allSettled(ws.storageUrls.map(async (url) => (await ws.storage(url)).write(path, bytes)))
  const failure = results.find((r) => r.status === 'rejected')
  if (failure && results.every((r) => r.status === 'rejected')) throw failure.reason
  return { path, documents: saved.length }
}

export interface CheckedSnapshot {
  readonly path: string
  readonly file: SnapshotFile
  readonly docs: { readonly docId: string; readonly saved: Uint8Array; readonly doc: A.Doc<unknown> }[]
}

/**
 * On a device that has applied nothing yet: loads the best snapshot that checks out and
 * records its vector (and each device's chain tip) as progress, so the pull that follows
 * fetches only the log after it.
 */
/** What starting from a snapshot uses of its workspace. */
export type SnapshotStartContext = SnapshotContext & EngineContext<'progress' | 'docs' | 'applyLock'>

export async function startFromSnapshot(ws: SnapshotStartContext, storage: UserStorage, reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>): Promise<boolean> {
  const { progress, docs, membership, applyLock } = ws.parts
  if ([...(await progress.all()).values()].some((seen) => seen.max > 0)) return false
  const prefix = paths.snapshotsPrefix(ws.id)
  const state = membership.state
  const authors = (await storage.list(prefix))
    .map((path) => ({ path, device: leafId(prefix, path) }))
    .filter(({ path, device }) => device !== undefined && path === paths.snapshot(ws.id, device) && lastWritableSeq(state, device) === Number.POSITIVE_INFINITY)
    .slice(0, MAX_CANDIDATES)
  let best: CheckedSnapshot | undefined
  for (const { path } of authors) {
    const checked = await checkSnapshotCandidate(ws, storage, path)
    if (!checked.ok) {
      await reject({ kind: 'snapshot', path, reason: checked.reason, detail: checked.detail })
      continue
    }
    if (!best || total(checked.value.file.vector) > total(best.file.vector)) best = checked.value
  }
  if (!best) return false
  const chosen = best
  await applyLock.run(async () => {
    // To the disk as they are: nothing is loaded until the app opens it.
    await docs.importSaved(chosen.docs)
    for (const [device, seq] of Object.entries(chosen.file.vector)) {
      if (device === ws.deviceId) continue
      await progress.startAt(device, seq, chosen.file.tips![device]!)
      await progress.save(device)
    }
  })
  return true
}

const total = (vector: Readonly<Record<string, number>>): number => Object.values(vector).reduce((a, b) => a + b, 0)

/** What checking a snapshot needs of its workspace. */
export interface SnapshotContext {
  readonly id: string
  readonly parts: Pick<EngineParts, 'membership' | 'keyring' | 'crypto'>
}

/** Everything a snapshot file must pass before a device starts from it (see the top of this file). */
export async function checkSnapshotCandidate(ws: SnapshotContext, storage: UserStorage, path: string): Promise<Check<CheckedSnapshot>> {
  const { membership, keyring, crypto } = ws.parts
  const read = await readBounded(storage, path, MAX_SNAPSHOT_BYTES)
  if (!read.ok) return refuse('malformed', read.detail)
  const bytes = read.bytes
  if (!bytes) return refuse('malformed', 'listed but not served')
  const parsed = parseSnapshot(bytes)
  if (!parsed.ok) return refuse(parsed.reason, parsed.detail)
  const file = parsed.value
  if (file.v < 2 || !file.tips) return refuse('malformed', 'a version 1 snapshot cannot be checked against its authors: the log is used')
  const authentic = await checkSnapshot(file, path, membership.state)
  if (!authentic.ok) return authentic
  const keys = keyring.get(file.epoch)
  if (!keys) return refuse('unknown-epoch', `no key for epoch ${file.epoch}`)
  const plain = await decryptSnapshot(file, keys.content)
  if (!plain) return refuse('decrypt-failed', 'snapshot does not decrypt')
  const batch = await decodeSealedBatch(plain)
  if (!batch.ok) return refuse('malformed', batch.detail)
  const docs: CheckedSnapshot['docs'] = []
  // Documents erased since it was taken are left out: not kept, and not counted as shared
  // (the digests their authors signed again without them say so).
  const erased = erasedDocs(membership.state)
  for (const { docId, changes } of batch.value) {
    if (erased.has(docId)) continue
    const saved = changes[0]
    if (changes.length !== 1 || !saved) return refuse('malformed', `document ${docId} is not one saved document`)
    docs.push(savedDocument(docId, saved))
  }
  // What each device shared, as the documents show it, against what it signed.
  let shared: Map<string, OwnHeads>
  try {
    shared = ownHeadsOfSaved(docs)
  } catch (error) {
    return refuse('malformed', errorMessage(error))
  }
  for (const device of shared.keys()) {
    if (!(device in file.vector)) return refuse('actor-mismatch', `changes by ${device ? device.slice(0, 12) + '…' : 'an actor that is no device'}, which the snapshot does not account for`)
  }
  // One envelope per device of the vector, read a few at a time: a team's snapshot names many.
  const refusals = await mapConcurrent(Object.entries(file.vector), ENVELOPE_READS, async ([device, seq]) => {
    const named = await readBounded(storage, paths.envelope(ws.id, device, seq), MAX_ENVELOPE_BYTES)
    if (!named.ok) return refuse('malformed', `${device.slice(0, 12)}…#${seq}, which the snapshot names: ${named.detail}`)
    const envelope = named.bytes
    if (!envelope) return refuse('malformed', `${device.slice(0, 12)}…#${seq}, which the snapshot names, is not in storage`)
    const check = await verifyEnvelope(envelope, { membership: membership.state, crypto, expected: { device, seq } })
    if (!check.ok) return refuse(check.reason, `${device.slice(0, 12)}…#${seq}, which the snapshot names: ${check.detail}`)
    if (check.value.hash !== file.tips![device]) return refuse('replay', `${device.slice(0, 12)}…#${seq} is not the envelope the snapshot names`)
    if (check.value.file.v < 2) return refuse('malformed', `${device.slice(0, 12)}…#${seq} predates signed digests: the snapshot cannot be checked`)
    if (check.value.file.own !== ownHeadsDigest(shared.get(device) ?? {})) {
      return refuse('actor-mismatch', `the snapshot holds other changes of ${device.slice(0, 12)}… than it signed up to #${seq} (hidden or forged)`)
    }
    return undefined
  })
  const refusal = refusals.find((r) => r !== undefined)
  if (refusal) return refusal
  return { ok: true, value: { path, file, docs } }
}

/** A snapshot's document as saved; its Automerge view is built only if someone asks for it. */
function savedDocument(docId: string, saved: Uint8Array): CheckedSnapshot['docs'][number] {
  let doc: A.Doc<unknown> | undefined
  return {
    docId,
    saved,
    get doc() {
      return (doc ??= A.load(saved))
    },
  }
}

export const DEFAULT_SNAPSHOT_EVERY = 5_000

/** Publishes a new snapshot once enough changes arrived or were made since the last one (0: never). */
export async function maybePublishSnapshot(ws: SnapshotPublishContext, changesSinceSync: number, every = DEFAULT_SNAPSHOT_EVERY): Promise<void> {
  if (every === 0) return
  const key = ['ws', ws.id, 'snapshot-due']
  const { local } = ws.parts
  const due = ((await local.getJson<number>(key)) ?? 0) + changesSinceSync
  if (due < every || ws.role === 'reader' || ws.role === undefined) {
    if (changesSinceSync > 0) await local.putJson(key, due)
    return
  }
  await publishSnapshot(ws)
  await local.putJson(key, 0)
}
