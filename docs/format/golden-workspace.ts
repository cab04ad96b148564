// The golden workspace: a small workspace written with fixed keys, a fixed clock and a fixed
// random stream, through the framework's own writers, so that the same inputs always give the
// same bytes. docs/format/generate.ts writes it to docs/format/golden/; the golden-format test
// (framework/test/golden-format.test.ts) builds it again and compares byte for byte.
//
// It reaches into the framework's sources on purpose: the files are what those writers make.
// Every input is in GOLDEN_INPUTS and in docs/format/README.md, so another implementation can
// build the same files.

import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { blobPaths, chunkCount, createManifest } from '../../framework/src/blobs/blob-manifest.ts'
import { blobKey, sealChunk } from '../../framework/src/blobs/chunk-crypto.ts'
import type { AttachmentRef } from '../../framework/src/blobs/attachment-ref.ts'
import { deriveEpochKeys, DocumentNamer, type EpochKeys } from '../../framework/src/crypto/epoch-keys.ts'
import { keyPairFromSeed, type KeyPair } from '../../framework/src/crypto/keys.ts'
import type { CryptoProvider } from '../../framework/src/crypto/crypto-provider.ts'
import { nobleCryptoProvider } from '../../framework/src/crypto/noble-provider.ts'
import { randomBytes } from '../../framework/src/crypto/primitives.ts'
import { useCryptoProvider, withRandomSource } from '../../framework/src/crypto/provider.ts'
import { compressBatch, encodeChangeBatch, type DocChanges } from '../../framework/src/format/change-batch.ts'
import { encodeEnvelope, envelopeHash, envelopeHeader, redactedHeader, sealEnvelope, type EnvelopeFile } from '../../framework/src/format/envelope.ts'
import { forwardingPaths, sealForwarding } from '../../framework/src/format/forwarding-note.ts'
import { createMarker } from '../../framework/src/format/marker.ts'
import { paths } from '../../framework/src/format/paths.ts'
import { encodeRecord } from '../../framework/src/format/signed-record.ts'
import { sealSnapshot } from '../../framework/src/format/snapshot.ts'
import { ROOT_MARKER_PATH, rootMarker } from '../../framework/src/format/version.ts'
import { certifyDevice, type DeviceIdentity, type DeviceRecord } from '../../framework/src/identity/device-identity.ts'
import { hashRecord, signEntry, signJoinProof, workspaceIdOf, type EntryBodies, type MemberEntryType } from '../../framework/src/membership/entries.ts'
import { encodeInviteCode, deriveInviteKeys } from '../../framework/src/membership/invite-code.ts'
import { sealLockbox, sealRotation } from '../../framework/src/membership/key-access.ts'
import { ownHeadsDigest, withChanges, type OwnHeads } from '../../framework/src/sync/own-heads.ts'
import { encodeLinkCode, linkPath, sealLinkFile } from '../../framework/src/user/device-link.ts'
import { formatRecoveryKit, recoveryRecord } from '../../framework/src/user/recovery-kit.ts'
import { concatBytes, toBase64Url, toHex, utf8Encode } from '../../framework/src/util/bytes.ts'
import { inviteEntryBody } from '../../framework/src/workspace/create-invite.ts'
import { signNewGenesis } from '../../framework/src/workspace/create-workspace.ts'
import { locationKey, STORAGE_ACCESS_NAME } from '../../framework/src/workspace/storage-locations.ts'

export const GOLDEN_INPUTS = {
  /** Every key seed is SHA-256(UTF-8 of this prefix + a label such as "alice/device"). */
  seedPrefix: 'clientful/golden/seed/',
  /** Random bytes: SHA-256(prefix ‖ u32be counter) for counter 0, 1, 2…, concatenated. */
  randomPrefix: 'clientful/golden/random/',
  /** The genesis is written at this time; each later file one minute after the one before. */
  start: 1764244800000,
  storage: 'file:///srv/clientful-golden',
  relay: 'wss://relay.example/clientful',
  workspaceName: 'Golden workspace',
  /** Attachment chunks are this size (the framework's default is 4 MiB). */
  chunkSize: 64,
} as const

export const INDEX_NAME = '\u0000clientful/index'

export interface GoldenWorkspace {
  /** Storage-relative path → bytes: the folder as a storage root. */
  readonly files: Map<string, Uint8Array>
  /** A second root the workspace moved away from: its marker and the forwarding note left there. */
  readonly movedFrom: Map<string, Uint8Array>
  readonly inviteCode: string
  readonly deviceLinkCode: string
  readonly recoveryKit: string
  /** What a reader with the recovery kit must print (see docs/format/reader/read.mjs). */
  readonly expected: unknown
  /** Facts the golden-format test checks the files against. */
  readonly facts: GoldenFacts
}

export interface GoldenFacts {
  readonly ws: string
  readonly genesisHash: string
  readonly devices: Readonly<Record<'alice' | 'alice2' | 'bob' | 'carol' | 'recovery', string>>
  readonly users: Readonly<Record<'alice' | 'bob' | 'carol', string>>
  /** Epoch ids in order: genesis, then each rotation. */
  readonly epochs: readonly string[]
  /** Entry hash by type, in the order they were written (several of some types). */
  readonly entries: readonly { readonly type: MemberEntryType; readonly hash: string }[]
  readonly blob: string
  readonly attachment: Uint8Array
  readonly docIds: Readonly<Record<string, string>>
  /** The erase entry's hash: it names the document "scratch" (docIds.scratch). */
  readonly erasure: string
  /** Alice's envelopes rewritten as redactions: their numbers and `of`, the chain hash of the original. */
  readonly redactions: readonly { readonly seq: number; readonly of: string }[]
}

/** The seed behind a golden key or secret, e.g. "alice/device/signing" or "epoch/0". */
export function goldenSeed(label: string): Uint8Array {
  return sha256(utf8Encode(GOLDEN_INPUTS.seedPrefix + label))
}
const seed = goldenSeed

/** A fixed stream of "random" bytes: every nonce, secret and id the writers draw. */
export function goldenRandom(): (length: number) => Uint8Array {
  let counter = 0
  let pool: Uint8Array = new Uint8Array(0)
  return (length) => {
    while (pool.length < length) {
      const block = new Uint8Array(4)
      new DataView(block.buffer).setUint32(0, counter++)
      pool = concatBytes(pool, sha256(concatBytes(utf8Encode(GOLDEN_INPUTS.randomPrefix), block)))
    }
    const out = pool.slice(0, length)
    pool = pool.slice(length)
    return out
  }
}

async function identity(user: KeyPair, name: string): Promise<DeviceIdentity> {
  const signing = await keyPairFromSeed('Ed25519', seed(`${name}/signing`))
  const box = await keyPairFromSeed('X25519', seed(`${name}/box`))
  const record = await certifyDevice(user, signing, box)
  return { deviceId: record.id, userId: record.user, signing, box, user, record }
}

/** Builds the golden workspace with the fixed random stream (on the pure-JS provider unless told). */
export async function buildGoldenWorkspace(provider: CryptoProvider = nobleCryptoProvider): Promise<GoldenWorkspace> {
  const restore = useCryptoProvider(withRandomSource(provider, goldenRandom()))
  try {
    return await build()
  } finally {
    restore()
  }
}

async function build(): Promise<GoldenWorkspace> {
  const files = new Map<string, Uint8Array>()
  let clock = GOLDEN_INPUTS.start
  const tick = () => (clock += 60_000)

  const users = {
    alice: await keyPairFromSeed('Ed25519', seed('alice/user')),
    bob: await keyPairFromSeed('Ed25519', seed('bob/user')),
    carol: await keyPairFromSeed('Ed25519', seed('carol/user')),
  }
  const alice = await identity(users.alice, 'alice/device')
  const alice2 = await identity(users.alice, 'alice/device-2')
  const bob = await identity(users.bob, 'bob/device')
  const carol = await identity(users.carol, 'carol/device')
  const recoverySeed = seed('alice/recovery')
  const recovery = await recoveryRecord(users.alice, recoverySeed)

  files.set(ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker())))

  // The genesis: epoch 0, sealed to Alice's device.
  const epochs: EpochKeys[] = [await deriveEpochKeys(seed('epoch/0'))]
  const genesis = await signNewGenesis(alice, epochs[0]!, GOLDEN_INPUTS.workspaceName, clock)
  const genesisHash = await hashRecord(genesis)
  const ws = workspaceIdOf(genesisHash)
  files.set(paths.workspace(ws), encodeRecord(genesis))

  // The membership log: a chain, each entry's parent the one before.
  const entries: { type: MemberEntryType; hash: string }[] = []
  let head = genesisHash
  async function append<T extends MemberEntryType>(type: T, author: DeviceIdentity | { deviceId: string; signing: KeyPair }, body: EntryBodies[T]): Promise<string> {
    const entry = await signEntry({ ws, type, parents: [head], author: author.deviceId, body, at: tick() }, author.signing.privateKey)
    head = await hashRecord(entry)
    files.set(paths.memberEntry(ws, head), encodeRecord(entry))
    entries.push({ type, hash: head })
    return head
  }
  const held = () => new Map(epochs.map((e) => [e.id, e.secret]))
  async function rotation(recipients: readonly DeviceRecord[]) {
    const keys = await deriveEpochKeys(seed(`epoch/${epochs.length}`))
    const body = await sealRotation(keys.secret, recipients, held())
    epochs.push(keys)
    return body
  }

  await append('add-device', alice, { device: recovery, lockboxes: [await sealLockbox(recovery, epochs[0]!.id, epochs[0]!.secret)] })
  const bobSecret = seed('invite/bob')
  const inviteBody = await inviteEntryBody(bobSecret, 'writer', epochs[0]!, { expires: GOLDEN_INPUTS.start + 7 * 86_400_000, uses: 1 })
  const bobInvite = await append('invite', alice, inviteBody)
  await append('join', bob, { invite: bobInvite, device: bob.record, proof: await signJoinProof(ws, bobInvite, bob.deviceId, (await deriveInviteKeys(bobSecret)).signing.privateKey) })
  const carolSecret = seed('invite/carol')
  const carolInvite = await append('invite', alice, await inviteEntryBody(carolSecret, 'reader', epochs[0]!, {}))
  await append('join', carol, { invite: carolInvite, device: carol.record, proof: await signJoinProof(ws, carolInvite, carol.deviceId, (await deriveInviteKeys(carolSecret)).signing.privateKey) })
  const unusedInvite = await append('invite', alice, await inviteEntryBody(seed('invite/unused'), 'admin', epochs[0]!, {}))
  await append('revoke-invite', alice, { invite: unusedInvite })
  await append('add-device', alice, { device: alice2.record })
  await append('grant', alice, { lockboxes: [await sealLockbox(alice2.record, epochs[0]!.id, epochs[0]!.secret)] })

  // Documents: each device's replica of each, and the envelopes each device seals.
  const namer = new DocumentNamer(epochs[0]!.secret)
  const docIds = {
    [INDEX_NAME]: await namer.idForName(INDEX_NAME),
    [STORAGE_ACCESS_NAME]: await namer.idForName(STORAGE_ACCESS_NAME),
    notes: await namer.idForName('notes'),
    tasks: await namer.idForName('tasks'),
    scratch: await namer.idForName('scratch'),
  }
  const writer = (device: DeviceIdentity) => ({
    device,
    actor: device.deviceId + '00000001',
    docs: new Map<string, A.Doc<Record<string, unknown>>>(),
    seq: 0,
    tip: '',
    own: {} as OwnHeads,
    pending: new Map<string, Uint8Array[]>(),
  })
  type Writer = ReturnType<typeof writer>
  const aliceW = writer(alice)
  const bobW = writer(bob)

  function edit(w: Writer, docId: string, change: (d: Record<string, unknown>) => void): void {
    const before = w.docs.get(docId) ?? A.init<Record<string, unknown>>({ actor: w.actor })
    const after = A.change(before, { time: Math.floor(clock / 1000) }, change)
    w.docs.set(docId, after)
    w.pending.set(docId, [...(w.pending.get(docId) ?? []), A.getLastLocalChange(after)!])
  }
  // What each device sealed, by number: a redaction rewrites it.
  const sealed = new Map<string, { file: EnvelopeFile; batch: DocChanges[] }>()
  async function seal(w: Writer, epoch: EpochKeys): Promise<DocChanges[]> {
    const batch = [...w.pending].map(([docId, changes]) => ({ docId, changes }))
    w.pending.clear()
    w.seq++
    w.own = withChanges(w.own, batch)
    const header = envelopeHeader(ws, w.device.deviceId, w.seq, epoch.id, { prev: w.tip, own: ownHeadsDigest(w.own) })
    const file = await sealEnvelope(header, await compressBatch(encodeChangeBatch(batch)), epoch.content, w.device.signing.privateKey)
    w.tip = envelopeHash(file)
    files.set(paths.envelope(ws, w.device.deviceId, w.seq), encodeEnvelope(file))
    sealed.set(`${w.device.deviceId}#${w.seq}`, { file, batch })
    tick()
    return batch
  }
  function receive(w: Writer, batch: readonly DocChanges[]): void {
    for (const { docId, changes } of batch) {
      const doc = w.docs.get(docId) ?? A.init<Record<string, unknown>>({ actor: w.actor })
      w.docs.set(docId, A.applyChanges(doc, [...changes])[0])
    }
  }

  edit(aliceW, docIds[INDEX_NAME]!, (d) => Object.assign(d, { [docIds.notes!]: 'notes', [docIds.tasks!]: 'tasks' }))
  edit(aliceW, docIds.notes!, (d) => void (d.title = 'Golden notes'))
  edit(aliceW, docIds.tasks!, (d) => void (d.t1 = { title: 'Write the format down', done: false }))
  const a1 = await seal(aliceW, epochs[0]!)
  receive(bobW, a1)
  edit(bobW, docIds.tasks!, (d) => void (d.t2 = { title: 'Read it', done: true }))
  const b1 = await seal(bobW, epochs[0]!)
  edit(bobW, docIds.tasks!, (d) => void (d.t3 = { title: 'Check the golden files', done: false }))
  const b2 = await seal(bobW, epochs[0]!)

  // Bob becomes a reader where Alice had applied #1 of his log; she had applied #2 as well.
  await append('role', alice, { member: bob.userId, role: 'reader', cutoffs: { [bob.deviceId]: 1 } })
  await append('ack', alice, { device: bob.deviceId, seq: 2 })
  receive(aliceW, [...b1, ...b2])
  await append('remove-device', alice, { device: alice2.deviceId, cutoff: 0, rotation: await rotation([alice.record, recovery, bob.record, carol.record]) })

  // An attachment of 99 bytes under its own key: a chunk of 64 bytes, then the last chunk.
  const attachment = utf8Encode('A golden attachment. It is split into chunks of 64 bytes, sealed one by one, the last one flagged.\n')
  const blob = toHex(randomBytes(16))
  const rawKey = randomBytes(32)
  const key = await blobKey(rawKey)
  const chunks = chunkCount(attachment.length, GOLDEN_INPUTS.chunkSize)
  for (let i = 0; i < chunks; i++) {
    const plain = attachment.subarray(i * GOLDEN_INPUTS.chunkSize, (i + 1) * GOLDEN_INPUTS.chunkSize)
    files.set(blobPaths.chunk(ws, blob, i), await sealChunk(key, blob, i, i === chunks - 1, plain))
  }
  files.set(
    blobPaths.manifest(ws, blob),
    await createManifest({ ws, blob, device: alice.deviceId, size: attachment.length, chunkSize: GOLDEN_INPUTS.chunkSize, chunks }, alice.signing.privateKey),
  )
  const ref: AttachmentRef = { $attachment: 1, blob, key: toBase64Url(rawKey), size: attachment.length, type: 'text/plain', name: 'golden.txt', device: alice.deviceId }
  edit(aliceW, docIds.notes!, (d) => Object.assign(d, { body: 'Everything here is written with fixed keys.', attachment: { ...ref } }))
  await seal(aliceW, epochs[1]!)

  await append('remove-member', alice, { member: carol.userId, cutoffs: { [carol.deviceId]: 0 }, rotation: await rotation([alice.record, recovery, bob.record]) })
  await append('rotate', alice, { rotation: await rotation([alice.record, recovery, bob.record]) })

  const storageKey = await locationKey(GOLDEN_INPUTS.storage)
  edit(aliceW, docIds[STORAGE_ACCESS_NAME]!, (d) => void (d[storageKey] = { url: GOLDEN_INPUTS.storage, primary: 1 }))
  edit(aliceW, docIds.tasks!, (d) => void ((d.t1 as { done: boolean }).done = true))
  await seal(aliceW, epochs[3]!)

  // Progress markers, then Alice's snapshot of everything (vector: Alice #3, Bob #2).
  files.set(paths.marker(ws, alice.deviceId), await createMarker(ws, alice.deviceId, aliceW.seq, tick(), alice.signing.privateKey))
  files.set(paths.marker(ws, bob.deviceId), await createMarker(ws, bob.deviceId, bobW.seq, tick(), bob.signing.privateKey))
  const saved = [...aliceW.docs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([docId, doc]) => ({ docId, changes: [A.save(doc)] }))
  files.set(
    paths.snapshot(ws, alice.deviceId),
    await sealSnapshot(
      { ws, device: alice.deviceId, epoch: epochs[3]!.id, at: tick(), vector: { [alice.deviceId]: aliceW.seq, [bob.deviceId]: bobW.seq }, tips: { [alice.deviceId]: aliceW.tip, [bob.deviceId]: bobW.tip } },
      await compressBatch(encodeChangeBatch(saved)),
      epochs[3]!.content,
      alice.signing.privateKey,
    ),
  )

  // Codes: Bob's invite, a link for Alice's next device (with a device invite), the recovery kit.
  const inviteCode = encodeInviteCode({ storage: GOLDEN_INPUTS.storage, relay: GOLDEN_INPUTS.relay, ws, secret: bobSecret })
  const linkInviteSecret = seed('invite/alice-link')
  const linkExpires = tick() + 10 * 60_000
  await append('invite', alice, await inviteEntryBody(linkInviteSecret, 'admin', epochs[3]!, { expires: linkExpires, uses: 1, user: alice.userId }))
  const linkSecret = seed('link/alice')
  const link = await sealLinkFile(linkSecret, {
    user: toBase64Url(alice.user.privateKey.seed!),
    expires: linkExpires,
    invites: [encodeInviteCode({ storage: GOLDEN_INPUTS.storage, relay: GOLDEN_INPUTS.relay, ws, secret: linkInviteSecret })],
  })
  files.set(linkPath(link.linkId), link.bytes)
  const recoveryKit = formatRecoveryKit(
    { userSeed: alice.user.privateKey.seed!, recoverySeed, workspaces: [{ id: ws, storage: GOLDEN_INPUTS.storage, relay: GOLDEN_INPUTS.relay }] },
    alice.userId,
    new Map([[ws, GOLDEN_INPUTS.workspaceName]]),
    new Date(GOLDEN_INPUTS.start),
  )

  // The workspace also lived in another folder, whose files Alice deleted after the move.
  const movedFrom = new Map([[ROOT_MARKER_PATH, utf8Encode(JSON.stringify(rootMarker()))]])
  movedFrom.set(
    forwardingPaths.note(ws, alice.deviceId),
    await sealForwarding({ ws, device: alice.deviceId, epoch: epochs[3]!.id, at: tick() }, { locations: [{ url: GOLDEN_INPUTS.storage }] }, epochs[3]!.content, alice.signing.privateKey),
  )

  // Alice writes a document "scratch" (#4) and edits the notes (#5), then erases "scratch" and
  // rotates. She rewrites her log as a device carrying out the erasure does
  // (framework/src/sync/redact-own-log.ts): from the first envelope that carried it (#4) to her
  // last, each at its number without the erased changes, `own` recomputed without them, under the
  // epoch current after the erasure. #4 keeps its index change; #5 keeps all it held, only its
  // `own` changes. Her marker then counts #5; her snapshot (#3) held nothing of "scratch".
  edit(aliceW, docIds[INDEX_NAME]!, (d) => void (d[docIds.scratch!] = 'scratch'))
  edit(aliceW, docIds.scratch!, (d) => void (d.draft = 'A draft nobody should keep'))
  await seal(aliceW, epochs[3]!)
  const firstErased = aliceW.seq
  edit(aliceW, docIds.notes!, (d) => void (d.footer = 'A scratch document was written here, then erased.'))
  await seal(aliceW, epochs[3]!)
  const erased = new Set([docIds.scratch!])
  const erasure = await append('erase', alice, { docs: [...erased], blobs: [] })
  await append('rotate', alice, { rotation: await rotation([alice.record, recovery, bob.record]) })
  const redactions: { seq: number; of: string }[] = []
  let redactedOwn: OwnHeads = {}
  for (let seq = 1; seq <= aliceW.seq; seq++) {
    const { file, batch } = sealed.get(`${alice.deviceId}#${seq}`)!
    redactedOwn = withChanges(redactedOwn, batch.filter((doc) => !erased.has(doc.docId)))
    if (seq < firstErased) continue
    const kept = batch.filter((doc) => !erased.has(doc.docId))
    const header = redactedHeader(file, epochs.at(-1)!.id, ownHeadsDigest(redactedOwn), erasure)
    const redaction = await sealEnvelope(header, await compressBatch(encodeChangeBatch(kept)), epochs.at(-1)!.content, alice.signing.privateKey)
    files.set(paths.envelope(ws, alice.deviceId, seq), encodeEnvelope(redaction))
    redactions.push({ seq, of: envelopeHash(file) })
  }
  aliceW.docs.delete(docIds.scratch!)
  files.set(paths.marker(ws, alice.deviceId), await createMarker(ws, alice.deviceId, aliceW.seq, tick(), alice.signing.privateKey))

  const json = (docId: string) => A.toJS(aliceW.docs.get(docId)!)
  const expected = {
    workspace: { id: ws, name: GOLDEN_INPUTS.workspaceName },
    documents: { notes: json(docIds.notes!), tasks: json(docIds.tasks!) },
    reserved: { 'clientful/index': json(docIds[INDEX_NAME]!), 'clientful/storage-access': json(docIds[STORAGE_ACCESS_NAME]!) },
    attachments: { [blob]: { name: 'golden.txt', type: 'text/plain', size: attachment.length, sha256: toHex(sha256(attachment)) } },
  }
  return {
    files,
    movedFrom,
    inviteCode,
    deviceLinkCode: encodeLinkCode(GOLDEN_INPUTS.storage, linkSecret),
    recoveryKit,
    expected,
    facts: {
      ws,
      genesisHash,
      devices: { alice: alice.deviceId, alice2: alice2.deviceId, bob: bob.deviceId, carol: carol.deviceId, recovery: recovery.id },
      users: { alice: alice.userId, bob: bob.userId, carol: carol.userId },
      epochs: epochs.map((e) => e.id),
      entries,
      blob,
      attachment,
      docIds,
      erasure,
      redactions,
    },
  }
}
