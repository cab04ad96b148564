// Each golden file with one field changed is refused, for the reason that field matters. A
// change without a new signature must fail the signature (or an earlier check); a change
// re-signed by the file's own author must still fail the check that gives the field its
// meaning (chain, position, epoch, digest, window, lockbox…).

import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { blobKey, openChunk } from '../src/blobs/chunk-crypto.ts'
import { blobPaths, parseManifest, verifyManifest } from '../src/blobs/blob-manifest.ts'
import { compressBatch, encodeChangeBatch } from '../src/format/change-batch.ts'
import { decryptEnvelope, encodeEnvelope, envelopeHash, envelopeHeader, parseEnvelope, sealEnvelope } from '../src/format/envelope.ts'
import { decryptSnapshot, parseSnapshot, sealSnapshot } from '../src/format/snapshot.ts'
import { paths } from '../src/format/paths.ts'
import { deriveInviteKeys, parseInviteCode } from '../src/membership/invite-code.ts'
import { checkRootMarker } from '../src/storage/root-marker.ts'
import { checkSnapshotCandidate } from '../src/sync/snapshots.ts'
import { verifyEnvelope, type EnvelopeContext } from '../src/sync/verify-envelope.ts'
import { verifyMarkerFile } from '../src/sync/verify-marker.ts'
import { openLinkFile } from '../src/user/device-link.ts'
import { parseRecoveryKit } from '../src/user/recovery-kit.ts'
import { decodeSecretCode, secretField } from '../src/format/secret-code.ts'
import { hashRecord, signJoinProof } from '../src/membership/entries.ts'
import { fromBase64Url, toHex, utf8Decode, utf8Encode } from '../src/util/bytes.ts'
import { fetchGenesis } from '../src/membership/fetch-genesis.ts'
import { readForwarding } from '../src/workspace/follow-forwarding.ts'
import { forwardingPaths } from '../src/format/forwarding-note.ts'
import { goldenSeed } from '../../docs/format/golden-workspace.ts'
import { flipBase64Url, goldenKey, loadCommittedGolden, mutated, openGolden, storageWith, type CommittedGolden, type GoldenContext } from './support/golden.ts'

let golden: CommittedGolden
let ws: string
let alice: string
let bob: string
const opened: GoldenContext[] = []

beforeAll(async () => {
  golden = await loadCommittedGolden()
  const ctx = await open(golden.files)
  ws = ctx.ws
  alice = toHex((await goldenKey('alice/device')).publicKey)
  bob = toHex((await goldenKey('bob/device')).publicKey)
})

afterEach(async () => {
  for (const ctx of opened.splice(0)) await ctx.close()
})

async function open(files: ReadonlyMap<string, Uint8Array>): Promise<GoldenContext> {
  const ctx = await openGolden(files, golden.recoveryKit)
  opened.push(ctx)
  return ctx
}

function withFile(path: string, bytes: Uint8Array | undefined, files: ReadonlyMap<string, Uint8Array> = golden.files): Map<string, Uint8Array> {
  const copy = new Map(files)
  if (bytes === undefined) copy.delete(path)
  else copy.set(path, bytes)
  return copy
}

function hashOf(bytes: Uint8Array): string {
  const parsed = parseEnvelope(bytes)
  if (!parsed.ok) throw new Error(parsed.detail)
  return envelopeHash(parsed.value)
}

const file = (path: string): Uint8Array => golden.files.get(path)!
const record = (path: string): Record<string, unknown> => JSON.parse(utf8Decode(file(path))) as Record<string, unknown>
const envelopePath = (device: string, seq: number) => paths.envelope(ws, device, seq)

/** The verdict on envelope `device`#`seq` as stored in `bytes`, against the golden log. */
async function envelopeVerdict(bytes: Uint8Array, device: string, seq: number, extra: Partial<EnvelopeContext> = {}, files = golden.files): Promise<string> {
  const ctx = await open(files)
  const prev = seq === 1 ? '' : hashOf(file(envelopePath(device, seq - 1)))
  const check = await verifyEnvelope(bytes, { membership: ctx.state, crypto: ctx.crypto, expected: { device, seq }, prev, ...extra })
  return check.ok ? 'accepted' : check.reason
}

describe('a mutated envelope is refused', () => {
  const resign = async () => ({ domain: 'envelope', key: await goldenKey('alice/device') })
  const a2 = () => file(envelopePath(alice, 2))

  it('sig: a flipped bit', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.sig = flipBase64Url(r.sig as string, 10))), alice, 2)).toBe('bad-signature')
  })

  it('ws: another workspace (the signature covers it, but the workspace is checked first)', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.ws = '0'.repeat(32))), alice, 2)).toBe('wrong-workspace')
  })

  it('device: a valid envelope copied into another device’s log', async () => {
    expect(await envelopeVerdict(a2(), bob, 2)).toBe('replay')
  })

  it('seq: re-signed for another number than its place in the log', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.seq = 5), await resign()), alice, 2)).toBe('replay')
  })

  it('prev: re-signed naming another predecessor (a fork of the chain)', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.prev = 'ab'.repeat(32)), await resign()), alice, 2)).toBe('equivocation')
  })

  it('epoch: re-signed claiming another epoch the reader holds', async () => {
    const e0 = (record(envelopePath(alice, 1)) as { epoch: string }).epoch
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.epoch = e0), await resign()), alice, 2)).toBe('decrypt-failed')
  })

  it('ct: one ciphertext bit flipped, re-signed', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.ct = flipBase64Url(r.ct as string, 30)), await resign()), alice, 2)).toBe('decrypt-failed')
  })

  it('v: a newer version than this build reads is refused, not half-read', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.v = 4)), alice, 2)).toBe('unsupported-version')
  })

  it('format: another kind of file', async () => {
    expect(await envelopeVerdict(await mutated(a2(), (r) => void (r.format = 'clientful/marker')), alice, 2)).toBe('malformed')
  })

  it('the changes inside: a change by Bob sealed and signed by Alice', async () => {
    const ctx = await open(golden.files)
    const b1 = await verifyEnvelope(file(envelopePath(bob, 1)), { membership: ctx.state, crypto: ctx.crypto })
    if (!b1.ok) throw new Error(b1.detail)
    const original = parseEnvelope(a2())
    if (!original.ok) throw new Error(original.detail)
    const { epoch, prev, own } = original.value
    const key = ctx.keyring.get(epoch)!
    const forged = await sealEnvelope(envelopeHeader(ws, alice, 2, epoch, { prev: prev!, own: own! }), await compressBatch(encodeChangeBatch(b1.value.docs)), key.content, (await goldenKey('alice/device')).privateKey)
    expect(await envelopeVerdict(encodeEnvelope(forged), alice, 2)).toBe('actor-mismatch')
  })

  it('the write window: without the ack, Bob’s #2 (after his demotion’s cutoff) is refused', async () => {
    const ctx = await open(golden.files)
    const ack = [...ctx.state.order].find((hash) => (record(paths.memberEntry(ws, hash)) as { type: string }).type === 'ack')!
    expect(await envelopeVerdict(file(envelopePath(bob, 2)), bob, 2, {}, withFile(paths.memberEntry(ws, ack), undefined))).toBe('unauthorized')
    expect(await envelopeVerdict(file(envelopePath(bob, 1)), bob, 1, {}, withFile(paths.memberEntry(ws, ack), undefined))).toBe('accepted')
  })
})

describe('a mutated redacted envelope is refused', () => {
  // Alice's #4 and #5 are redactions (version 3) under the erase entry, sealed under epoch 4.
  const resign = async () => ({ domain: 'envelope', key: await goldenKey('alice/device') })
  const a4 = () => file(envelopePath(alice, 4))
  const entryHashOf = async (type: string) => {
    const ctx = await open(golden.files)
    return ctx.state.order.filter((h) => (record(paths.memberEntry(ws, h)) as { type: string }).type === type).at(-1)!
  }

  it('as written, #4 and #5 are accepted', async () => {
    expect(await envelopeVerdict(a4(), alice, 4)).toBe('accepted')
    expect(await envelopeVerdict(file(envelopePath(alice, 5)), alice, 5)).toBe('accepted')
  })

  it('redacts: re-signed naming no entry, or an entry that is no erasure', async () => {
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.redacts = '34'.repeat(32)), await resign()), alice, 4)).toBe('unauthorized')
    const rotate = await entryHashOf('rotate')
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.redacts = rotate), await resign()), alice, 4)).toBe('unauthorized')
  })

  it('redacts: without the erase entry in the log, the redaction it names is refused', async () => {
    const erase = await entryHashOf('erase')
    expect(await envelopeVerdict(a4(), alice, 4, {}, withFile(paths.memberEntry(ws, erase), undefined))).toBe('unauthorized')
  })

  it('epoch: re-signed claiming an epoch older than the erasure’s', async () => {
    const e1 = (record(envelopePath(alice, 2)) as { epoch: string }).epoch
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.epoch = e1), await resign()), alice, 4)).toBe('unauthorized')
  })

  it('of: changed without a new signature, or re-signed (the header is the ciphertext’s associated data)', async () => {
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.of = '56'.repeat(32))), alice, 4)).toBe('bad-signature')
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.of = '56'.repeat(32)), await resign()), alice, 4)).toBe('decrypt-failed')
  })

  it('of: sealed again naming another original, the chain breaks at #5, whose prev is the real one', async () => {
    const ctx = await open(golden.files)
    const original = parseEnvelope(a4())
    if (!original.ok) throw new Error(original.detail)
    const { ct: _ct, sig: _sig, ...header } = original.value
    const keys = ctx.keyring.get(header.epoch)!
    const plain = (await decryptEnvelope(original.value, keys.content))!
    const forged = encodeEnvelope(await sealEnvelope({ ...header, of: '56'.repeat(32) }, plain, keys.content, (await goldenKey('alice/device')).privateKey))
    expect(await envelopeVerdict(forged, alice, 4)).toBe('accepted') // alone, its number and links are right
    const check = await verifyEnvelope(file(envelopePath(alice, 5)), { membership: ctx.state, crypto: ctx.crypto, expected: { device: alice, seq: 5 }, prev: hashOf(forged) })
    expect(check.ok ? 'accepted' : check.reason).toBe('equivocation')
  })

  it('redacts or of: removed from a version 3 file, or added to a version 2 one', async () => {
    for (const field of ['redacts', 'of']) expect(await envelopeVerdict(await mutated(a4(), (r) => void delete r[field], await resign()), alice, 4)).toBe('malformed')
    const a3 = file(envelopePath(alice, 3))
    const erase = await entryHashOf('erase')
    expect(await envelopeVerdict(await mutated(a3, (r) => void (r.redacts = erase), await resign()), alice, 3)).toBe('malformed')
    expect(await envelopeVerdict(await mutated(a3, (r) => Object.assign(r, { redacts: erase, of: hashOf(a3) }), await resign()), alice, 3)).toBe('malformed')
    expect(await envelopeVerdict(await mutated(a4(), (r) => void (r.v = 2), await resign()), alice, 4)).toBe('malformed')
  })
})

describe('a mutated snapshot is refused (and the device falls back to the log)', () => {
  const path = () => paths.snapshot(ws, alice)
  const resign = async () => ({ domain: 'snapshot', key: await goldenKey('alice/device') })

  async function snapshotVerdict(bytes: Uint8Array, at = path(), files = golden.files): Promise<string> {
    const ctx = await open(withFile(at, bytes, files))
    const check = await checkSnapshotCandidate({ id: ws, parts: ctx }, ctx.storage, at)
    return check.ok ? 'accepted' : check.reason
  }

  it('sig: a flipped bit', async () => {
    expect(await snapshotVerdict(await mutated(file(path()), (r) => void (r.sig = flipBase64Url(r.sig as string, 3))))).toBe('bad-signature')
  })

  it('ws: another workspace', async () => {
    expect(await snapshotVerdict(await mutated(file(path()), (r) => void (r.ws = '0'.repeat(32)), await resign()))).toBe('replay')
  })

  it('device: Alice’s snapshot stored as Bob’s', async () => {
    expect(await snapshotVerdict(file(path()), paths.snapshot(ws, bob))).toBe('replay')
  })

  // The vector and tips are the snapshot's associated data: changing them means sealing it
  // again, as its author could. Alice forges each of these with her own key.
  async function forgedSnapshot(change: (header: { vector: Record<string, number>; tips: Record<string, string> }) => void): Promise<Uint8Array> {
    const ctx = await open(golden.files)
    const parsed = parseSnapshot(file(path()))
    if (!parsed.ok) throw new Error(parsed.detail)
    const { format: _f, v: _v, ct: _ct, sig: _sig, ...header } = parsed.value
    const keys = ctx.keyring.get(header.epoch)!
    const plain = (await decryptSnapshot(parsed.value, keys.content))!
    const forged = { ...header, vector: { ...header.vector }, tips: { ...header.tips! } }
    change(forged)
    return sealSnapshot(forged, plain, keys.content, (await goldenKey('alice/device')).privateKey)
  }

  it('the snapshot sealed again unchanged by its author is accepted (the forgeries below differ only in their field)', async () => {
    expect(await snapshotVerdict(await forgedSnapshot(() => undefined))).toBe('accepted')
  })

  it('vector: claiming less of Alice’s log than it holds (tip set to match)', async () => {
    const a2 = hashOf(file(envelopePath(alice, 2)))
    expect(await snapshotVerdict(await forgedSnapshot((h) => ((h.vector[alice] = 2), (h.tips[alice] = a2))))).toBe('actor-mismatch')
  })

  it('vector: leaving Bob out, whose changes it holds', async () => {
    expect(await snapshotVerdict(await forgedSnapshot((h) => (delete h.vector[bob], delete h.tips[bob])))).toBe('actor-mismatch')
  })

  it('tips: naming another envelope than Bob’s #2', async () => {
    expect(await snapshotVerdict(await forgedSnapshot((h) => void (h.tips[bob] = 'cd'.repeat(32))))).toBe('replay')
  })

  it('own: Alice’s #3 sealed again with another digest of her changes (and the snapshot naming it)', async () => {
    const ctx = await open(golden.files)
    const original = parseEnvelope(file(envelopePath(alice, 3)))
    if (!original.ok) throw new Error(original.detail)
    const { epoch, prev } = original.value
    const keys = ctx.keyring.get(epoch)!
    const plain = (await decryptEnvelope(original.value, keys.content))!
    const a3 = await sealEnvelope(envelopeHeader(ws, alice, 3, epoch, { prev: prev!, own: 'ef'.repeat(32) }), plain, keys.content, (await goldenKey('alice/device')).privateKey)
    const snapshot = await forgedSnapshot((h) => void (h.tips[alice] = envelopeHash(a3)))
    expect(await snapshotVerdict(snapshot, path(), withFile(envelopePath(alice, 3), encodeEnvelope(a3)))).toBe('actor-mismatch')
  })

  it('epoch: re-signed claiming an earlier epoch', async () => {
    const e1 = (record(envelopePath(alice, 2)) as { epoch: string }).epoch
    expect(await snapshotVerdict(await mutated(file(path()), (r) => void (r.epoch = e1), await resign()))).toBe('decrypt-failed')
  })

  it('ct: one ciphertext bit flipped, re-signed', async () => {
    expect(await snapshotVerdict(await mutated(file(path()), (r) => void (r.ct = flipBase64Url(r.ct as string, 40)), await resign()))).toBe('decrypt-failed')
  })

  it('v: version 1 (no tips) cannot be checked against its authors', async () => {
    const bytes = await mutated(file(path()), (r) => {
      r.v = 1
      delete r.tips
    }, await resign())
    expect(await snapshotVerdict(bytes)).toBe('malformed')
  })
})

describe('a mutated membership entry is refused', () => {
  async function entryOfType(type: string, nth = 0): Promise<{ path: string; hash: string; entry: Record<string, unknown> }> {
    const ctx = await open(golden.files)
    const hash = ctx.state.order.filter((h) => (record(paths.memberEntry(ws, h)) as { type: string }).type === type)[nth]!
    return { path: paths.memberEntry(ws, hash), hash, entry: record(paths.memberEntry(ws, hash)) }
  }

  /** Stores the mutated entry under its own hash (as a writer of storage could) and folds the log. */
  async function refusalOf(original: string, bytes: Uint8Array) {
    const hash = await hashRecord(JSON.parse(utf8Decode(bytes)) as object)
    const files = withFile(paths.memberEntry(ws, hash), bytes, withFile(original, undefined))
    const ctx = await open(files)
    return { ctx, hash, refusal: ctx.refused.find((r) => r.path === paths.memberEntry(ws, hash))?.reason ?? (ctx.state.order.includes(hash) ? 'folded' : 'waiting') }
  }

  const asAlice = async () => ({ domain: 'member-entry', key: await goldenKey('alice/device') })
  const asBob = async () => ({ domain: 'member-entry', key: await goldenKey('bob/device') })

  it('sig: a flipped bit', async () => {
    const { path } = await entryOfType('rotate')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.sig = flipBase64Url(r.sig as string, 5))))).refusal).toBe('bad-signature')
  })

  it('ws: re-signed for another workspace', async () => {
    const { path } = await entryOfType('rotate')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.ws = '0'.repeat(32)), await asAlice()))).refusal).toBe('wrong-workspace')
  })

  it('author: a revocation signed by Bob, who is no admin', async () => {
    const { path } = await entryOfType('revoke-invite')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.author = bob), await asBob()))).refusal).toBe('unauthorized')
  })

  it('parents: re-signed naming a parent nobody has, it waits and is folded by no one', async () => {
    const { path } = await entryOfType('invite', 3)
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.parents = ['12'.repeat(32)]), await asAlice()))).refusal).toBe('waiting')
  })

  it('lockbox: the rotation’s box for the recovery key swapped for an earlier epoch’s, re-signed', async () => {
    const { path: earlier } = await entryOfType('remove-member')
    const { path } = await entryOfType('rotate')
    const recoveryBox = (entry: Record<string, unknown>, to: string) =>
      ((entry.body as { rotation: { lockboxes: { to: string; box: string }[] } }).rotation.lockboxes.find((l) => l.to === to))!
    const ctx = await open(golden.files)
    const recovery = [...ctx.state.devices.values()].find((d) => d.record.kind === 'recovery')!.record.id
    const bytes = await mutated(file(path), (r) => void (recoveryBox(r, recovery).box = recoveryBox(record(earlier), recovery).box), await asAlice())
    const { ctx: after, refusal } = await refusalOf(path, bytes)
    expect(refusal).toBe('folded') // the log cannot tell: only the recipient can open a lockbox
    const epoch = (record(path).body as { rotation: { epoch: string } }).rotation.epoch
    expect(after.keyProblems.map((p) => p.epoch)).toContain(epoch)
    expect(after.keyring.has(epoch)).toBe(false)
  })

  it('rotation epoch: re-signed naming an epoch that already exists', async () => {
    const { path: earlier } = await entryOfType('remove-member')
    const { path } = await entryOfType('rotate')
    const old = (record(earlier).body as { rotation: { epoch: string } }).rotation.epoch
    const bytes = await mutated(file(path), (r) => {
      const rotation = (r.body as { rotation: { epoch: string; lockboxes: { epoch: string }[] } }).rotation
      rotation.epoch = old
      for (const l of rotation.lockboxes) l.epoch = old
    }, await asAlice())
    expect((await refusalOf(path, bytes)).refusal).toBe('invalid-entry')
  })

  it('join proof: Bob’s join with a proof from a key that is not the invite’s', async () => {
    const { path, entry } = await entryOfType('join')
    const proof = await signJoinProof(ws, (entry.body as { invite: string }).invite, bob, (await deriveInviteKeys(goldenSeed('invite/unused'))).signing.privateKey)
    expect((await refusalOf(path, await mutated(file(path), (r) => void ((r.body as { proof: string }).proof = proof), await asBob()))).refusal).toBe('bad-signature')
  })

  it('join at: re-signed after the invite expired', async () => {
    const { path } = await entryOfType('join')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.at = 1764244800000 + 8 * 86_400_000), await asBob()))).refusal).toBe('invalid-entry')
  })

  it('device cert: the added device’s certificate altered, re-signed by Alice', async () => {
    const { path } = await entryOfType('add-device', 1)
    const bytes = await mutated(file(path), (r) => {
      const device = (r.body as { device: { cert: string } }).device
      device.cert = flipBase64Url(device.cert, 7)
    }, await asAlice())
    expect((await refusalOf(path, bytes)).refusal).toBe('bad-signature')
  })

  it('erase: re-signed naming no document and no attachment', async () => {
    const { path } = await entryOfType('erase')
    expect((await refusalOf(path, await mutated(file(path), (r) => void ((r.body as { docs: string[] }).docs = []), await asAlice()))).refusal).toBe('invalid-entry')
  })

  it('erase: signed by Bob, who is no admin', async () => {
    const { path } = await entryOfType('erase')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.author = bob), await asBob()))).refusal).toBe('unauthorized')
  })

  it('erase: a flipped bit in its signature', async () => {
    const { path } = await entryOfType('erase')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.sig = flipBase64Url(r.sig as string, 9))))).refusal).toBe('bad-signature')
  })

  it('ack: Bob acknowledging his own writes', async () => {
    const { path } = await entryOfType('ack')
    expect((await refusalOf(path, await mutated(file(path), (r) => void (r.author = bob), await asBob()))).refusal).toBe('unauthorized')
  })

  it('genesis: any field changed makes it another workspace (its hash is the id)', async () => {
    for (const change of [(r: Record<string, unknown>) => void (r.nonce = flipBase64Url(r.nonce as string)), (r: Record<string, unknown>) => void (r.at = 0)]) {
      const storage = await storageWith(withFile(paths.workspace(ws), await mutated(file(paths.workspace(ws)), change)))
      await expect(fetchGenesis(storage, ws)).rejects.toThrow(/not authentic/)
    }
  })

  it('genesis and root marker: a newer version is refused with a clear message', async () => {
    const genesis = await storageWith(withFile(paths.workspace(ws), await mutated(file(paths.workspace(ws)), (r) => void (r.v = 2))))
    await expect(fetchGenesis(genesis, ws)).rejects.toThrow(/newer than this client understands/)
    const root = await storageWith(withFile('clientful.json', utf8Encode(JSON.stringify({ format: 'clientful', v: 2 }))))
    await expect(checkRootMarker(root, { createIfMissing: false })).rejects.toThrow(/newer than this client understands/)
  })
})

describe('a mutated progress marker is refused', () => {
  async function markerVerdict(bytes: Uint8Array, device = alice): Promise<string> {
    const ctx = await open(golden.files)
    const check = await verifyMarkerFile(bytes, device, ctx.state)
    return check.ok ? 'accepted' : check.reason
  }
  const marker = () => file(paths.marker(ws, alice))

  it('sig: a flipped bit', async () => {
    expect(await markerVerdict(await mutated(marker(), (r) => void (r.sig = flipBase64Url(r.sig as string, 2))))).toBe('bad-signature')
  })
  it('head: a larger head without a new signature', async () => {
    expect(await markerVerdict(await mutated(marker(), (r) => void (r.head = 2 ** 40)))).toBe('bad-signature')
  })
  it('device: Alice’s marker stored as Bob’s', async () => {
    expect(await markerVerdict(marker(), bob)).toBe('replay')
  })
  it('ws: re-signed for another workspace', async () => {
    expect(await markerVerdict(await mutated(marker(), (r) => void (r.ws = '0'.repeat(32)), { domain: 'marker', key: await goldenKey('alice/device') }))).toBe('replay')
  })
  it('v: a newer version', async () => {
    expect(await markerVerdict(await mutated(marker(), (r) => void (r.v = 2)))).toBe('unsupported-version')
  })
})

describe('a mutated attachment is refused', () => {
  let blob: string
  let key: Awaited<ReturnType<typeof blobKey>>
  beforeAll(async () => {
    const expected = golden.expected as { documents: { notes: { attachment: { blob: string; key: string } } } }
    blob = expected.documents.notes.attachment.blob
    key = await blobKey(fromBase64Url(expected.documents.notes.attachment.key))
  })
  const manifest = () => file(blobPaths.manifest(ws, blob))
  const chunk = (i: number) => file(blobPaths.chunk(ws, blob, i))

  it('manifest sig: a flipped bit', async () => {
    const parsed = parseManifest(await mutated(manifest(), (r) => void (r.sig = flipBase64Url(r.sig as string, 4))))
    expect(parsed.ok && (await verifyManifest(parsed.value))).toBe(false)
  })
  it('manifest size: re-signed with a size its chunk count does not fit', async () => {
    const bytes = await mutated(manifest(), (r) => void (r.size = 10_000), { domain: 'blob-manifest', key: await goldenKey('alice/device') })
    expect(parseManifest(bytes)).toMatchObject({ ok: false, reason: 'malformed' })
  })
  it('chunks: swapped, truncated at a chunk boundary, or one bit flipped', async () => {
    expect(await openChunk(key, blob, 0, false, chunk(1))).toBeUndefined() // swapped
    expect(await openChunk(key, blob, 0, true, chunk(0))).toBeUndefined() // the first chunk passed off as the last
    const flipped = chunk(1).slice()
    flipped[3]! ^= 1
    expect(await openChunk(key, blob, 1, true, flipped)).toBeUndefined()
    expect(await openChunk(key, '0'.repeat(32), 0, false, chunk(0))).toBeUndefined() // from another blob
    expect(await openChunk(key, blob, 0, false, chunk(0))).toBeDefined()
  })
})

describe('a mutated forwarding note is not followed', () => {
  async function followed(bytes: Uint8Array): Promise<boolean> {
    const ctx = await open(golden.files)
    const path = forwardingPaths.note(ws, alice)
    const storage = await storageWith(withFile(path, bytes, golden.movedFrom))
    return (await readForwarding(storage, { id: ws, membership: () => ctx.state, keysOf: (epoch) => ctx.keyring.get(epoch) })) !== undefined
  }
  const note = () => golden.movedFrom.get(forwardingPaths.note(ws, alice))!

  it('the note as written is followed', async () => {
    expect(await followed(note())).toBe(true)
  })
  it('sig: a flipped bit', async () => {
    expect(await followed(await mutated(note(), (r) => void (r.sig = flipBase64Url(r.sig as string, 6))))).toBe(false)
  })
  it('ct: a flipped bit, re-signed', async () => {
    expect(await followed(await mutated(note(), (r) => void (r.ct = flipBase64Url(r.ct as string, 20)), { domain: 'moved', key: await goldenKey('alice/device') }))).toBe(false)
  })
  it('device: written by Bob, a reader, under his own name', async () => {
    const bytes = await mutated(note(), (r) => void (r.device = bob), { domain: 'moved', key: await goldenKey('bob/device') })
    const ctx = await open(golden.files)
    const storage = await storageWith(withFile(forwardingPaths.note(ws, bob), bytes, golden.movedFrom))
    await storage.delete(forwardingPaths.note(ws, alice))
    expect(await readForwarding(storage, { id: ws, membership: () => ctx.state, keysOf: (epoch) => ctx.keyring.get(epoch) })).toBeUndefined()
  })
  it('v: a newer version', async () => {
    expect(await followed(await mutated(note(), (r) => void (r.v = 2)))).toBe(false)
  })
})

describe('mutated codes and link files are refused', () => {
  it('invite code: a changed character fails its checksum', () => {
    const code = golden.inviteCode
    const broken = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11)
    expect(parseInviteCode(broken)).toMatchObject({ ok: false })
    expect(parseInviteCode(code)).toMatchObject({ ok: true })
  })

  it('recovery kit: a changed character fails its checksum', () => {
    const kit = golden.recoveryKit.replace(/cr1\.(.)/, (_, c: string) => `cr1.${c === 'e' ? 'f' : 'e'}`)
    expect(() => parseRecoveryKit(kit)).toThrow(/checksum/)
  })

  it('device link file: a flipped bit, or a newer version, does not open', async () => {
    const decoded = decodeSecretCode('cl1', golden.deviceLinkCode)
    const secret = decoded.ok ? secretField(decoded.value.k)! : new Uint8Array(32)
    const [, link] = [...golden.files].find(([path]) => path.startsWith('links/'))!
    expect(await openLinkFile(secret, await mutated(link, (r) => void (r.ct = flipBase64Url(r.ct as string, 20))))).toMatchObject({ ok: false })
    expect(await openLinkFile(secret, await mutated(link, (r) => void (r.v = 2)))).toMatchObject({ ok: false, detail: expect.stringMatching(/newer/) })
    expect(await openLinkFile(secret, link)).toMatchObject({ ok: true })
  })
})
