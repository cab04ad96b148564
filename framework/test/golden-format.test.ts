// The storage format as a public contract (docs/FORMAT.md, docs/format/): this build writes the
// committed golden files byte for byte, and reads and verifies every one of them. Mutated
// copies are refused field by field in golden-format-mutations.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { buildGoldenWorkspace, GOLDEN_INPUTS, type GoldenWorkspace } from '../../docs/format/golden-workspace.ts'
import { blobKey, openChunk } from '../src/blobs/chunk-crypto.ts'
import { isAttachmentRef } from '../src/blobs/attachment-ref.ts'
import { blobPaths, parseManifest, verifyManifest } from '../src/blobs/blob-manifest.ts'
import { webCryptoProvider } from '../src/crypto/webcrypto-provider.ts'
import { paths } from '../src/format/paths.ts'
import { deriveInviteKeys, parseInviteCode } from '../src/membership/invite-code.ts'
import { currentDevices, roleOfDevice } from '../src/membership/state.ts'
import { checkRootMarker } from '../src/storage/root-marker.ts'
import { ownHeadsDigest, withChanges, type OwnHeads } from '../src/sync/own-heads.ts'
import { checkSnapshotCandidate } from '../src/sync/snapshots.ts'
import { verifyEnvelope } from '../src/sync/verify-envelope.ts'
import { verifyMarkerFile } from '../src/sync/verify-marker.ts'
import { linkPath, openLinkFile } from '../src/user/device-link.ts'
import { decodeSecretCode, secretField } from '../src/format/secret-code.ts'
import { fromBase64Url, toHex, utf8Encode } from '../src/util/bytes.ts'
import { canonicalJson } from '../src/util/canonical-json.ts'
import { fetchGenesis } from '../src/membership/fetch-genesis.ts'
import { readForwarding } from '../src/workspace/follow-forwarding.ts'
import { createDevice, storageRegistry } from './support/devices.ts'
import { loadCommittedGolden, openGolden, storageWith, type CommittedGolden, type GoldenContext } from './support/golden.ts'

const REGENERATE = 'node --conditions=clientful-source --import tsx docs/format/generate.ts'

function formatChanged(what: string): string {
  return (
    `${what} differs from what this build writes. If the format changed on purpose, bump the version (v) of ` +
    `this kind of file, keep reading the old one, say so in docs/FORMAT.md, and regenerate the golden files (${REGENERATE}). ` +
    `If it did not, this build changed the format by accident: the committed golden file is the contract.`
  )
}

let committed: CommittedGolden
let built: GoldenWorkspace

beforeAll(async () => {
  committed = await loadCommittedGolden()
  built = await buildGoldenWorkspace()
})

describe('this build writes the golden files byte for byte', () => {
  it('the same files, at the same paths', () => {
    expect([...built.files.keys()].sort(), formatChanged('The set of golden files')).toEqual([...committed.files.keys()].sort())
  })

  it('every file has the same bytes', () => {
    for (const [root, files, old] of [['storage', built.files, committed.files], ['moved-from', built.movedFrom, committed.movedFrom]] as const) {
      expect([...files.keys()].sort(), formatChanged(`The set of files in golden/${root}`)).toEqual([...old.keys()].sort())
      for (const [path, bytes] of files) {
        const was = old.get(path)
        expect(was !== undefined && Buffer.from(was).equals(Buffer.from(bytes)), formatChanged(`docs/format/golden/${root}/${path}`)).toBe(true)
      }
    }
  })

  it('the invite code, the device link code, the recovery kit and the expected reading', () => {
    expect(built.inviteCode, formatChanged('The invite code')).toBe(committed.inviteCode)
    expect(built.deviceLinkCode, formatChanged('The device link code')).toBe(committed.deviceLinkCode)
    expect(built.recoveryKit, formatChanged('The recovery kit')).toBe(committed.recoveryKit)
    expect(JSON.parse(JSON.stringify(built.expected)), formatChanged('expected.json')).toEqual(committed.expected)
  })

  it('WebCrypto writes the same bytes as the pure-JS provider', async () => {
    const web = await buildGoldenWorkspace(webCryptoProvider)
    for (const [path, bytes] of built.files) expect(Buffer.from(web.files.get(path)!).equals(Buffer.from(bytes)), path).toBe(true)
  })
})

describe('the code reads and verifies every golden file', () => {
  let ctx: GoldenContext
  const ws = () => built.facts.ws
  async function envelopeChainHash(device: string, seq: number): Promise<string> {
    const check = await verifyEnvelope(committed.files.get(paths.envelope(ws(), device, seq))!, { membership: ctx.state, crypto: ctx.crypto })
    if (!check.ok) throw new Error(check.detail)
    return check.value.hash
  }
  beforeAll(async () => {
    ctx = await openGolden(committed.files, committed.recoveryKit)
  })
  afterAll(() => ctx?.close())

  it('clientful.json marks a version 1 root', async () => {
    await checkRootMarker(ctx.storage, { createIfMissing: false })
  })

  it('workspace.json is authentic: its hash names the workspace, the founder signed it', async () => {
    const { genesis, hash } = await fetchGenesis(ctx.storage, ws())
    expect(hash).toBe(built.facts.genesisHash)
    expect(genesis.founder.id).toBe(built.facts.devices.alice)
  })

  it('every membership entry is kept and folded, none refused, and the state is the one written', () => {
    const { state } = ctx
    const { devices, users, epochs, entries } = built.facts
    expect(ctx.refused).toEqual([])
    expect(state.refused.size).toBe(0)
    expect(new Set(state.order)).toEqual(new Set(entries.map((e) => e.hash)))
    expect(new Set(entries.map((e) => e.type))).toEqual(new Set(['add-device', 'invite', 'join', 'revoke-invite', 'grant', 'role', 'ack', 'remove-device', 'remove-member', 'rotate', 'erase']))
    expect([...state.erasures.keys()]).toEqual([built.facts.erasure])
    expect(state.erasures.get(built.facts.erasure)).toMatchObject({ docs: [built.facts.docIds.scratch], blobs: [], by: devices.alice, epoch: epochs.at(-2) })
    expect(state.members.get(users.alice)?.role).toBe('admin')
    expect(state.members.get(users.bob)?.role).toBe('reader')
    expect(state.members.get(users.carol)?.removed).toBe(true)
    expect(new Set(currentDevices(state))).toEqual(new Set([devices.alice, devices.recovery, devices.bob]))
    expect(roleOfDevice(state, devices.alice2)).toBeUndefined()
    expect(state.currentEpoch).toBe(epochs.at(-1))
    expect([...state.epochs.keys()].sort()).toEqual([...epochs].sort())
  })

  it('the recovery key opens every epoch, through its lockboxes and the key chains', () => {
    expect(ctx.keyProblems).toEqual([])
    expect(ctx.keyring.held().sort()).toEqual([...built.facts.epochs].sort())
  })

  it('every envelope verifies in place: position, write window, signature, chain, epoch, every change by its signer', async () => {
    for (const device of [built.facts.devices.alice, built.facts.devices.bob]) {
      let prev = ''
      let own: OwnHeads = {}
      for (let seq = 1; committed.files.has(paths.envelope(ws(), device, seq)); seq++) {
        const check = await verifyEnvelope(committed.files.get(paths.envelope(ws(), device, seq))!, { membership: ctx.state, crypto: ctx.crypto, expected: { device, seq }, prev })
        expect(check.ok ? 'ok' : `${check.reason}: ${check.detail}`, `${device.slice(0, 8)}#${seq}`).toBe('ok')
        if (!check.ok) return
        const redaction = built.facts.redactions.find((r) => device === built.facts.devices.alice && r.seq === seq)
        expect(check.value.file.v, `${device.slice(0, 8)}#${seq}`).toBe(redaction ? 3 : 2)
        own = withChanges(own, check.value.docs)
        expect(check.value.file.own, 'own: the digest of everything the device sealed so far').toBe(ownHeadsDigest(own))
        prev = check.value.hash
      }
    }
  })

  it('Alice’s redactions verify with the erasure folded: the erasure they name, the epoch after it, their chain hash `of`, nothing of the erased document', async () => {
    const { devices, docIds, epochs, erasure, redactions } = built.facts
    expect(redactions.map((r) => r.seq)).toEqual([4, 5])
    let prev = await envelopeChainHash(devices.alice, 3)
    for (const { seq, of } of redactions) {
      const check = await verifyEnvelope(committed.files.get(paths.envelope(ws(), devices.alice, seq))!, { membership: ctx.state, crypto: ctx.crypto, expected: { device: devices.alice, seq }, prev })
      expect(check.ok ? 'ok' : `${check.reason}: ${check.detail}`, `#${seq}`).toBe('ok')
      if (!check.ok) return
      const { file, docs, hash } = check.value
      expect(file).toMatchObject({ v: 3, seq, prev, redacts: erasure, of, epoch: epochs.at(-1) })
      expect(hash, 'a redaction stands in the chain for the envelope it replaced').toBe(of)
      expect(hash, 'not the hash of the redaction itself').not.toBe(toHex(sha256(utf8Encode(canonicalJson(file)))))
      expect(docs.map((d) => d.docId)).not.toContain(docIds.scratch)
      prev = hash
    }
    // #4 keeps what it held besides the erased document (the index naming it); #5 all it held.
    const a4 = await verifyEnvelope(committed.files.get(paths.envelope(ws(), devices.alice, 4))!, { membership: ctx.state, crypto: ctx.crypto })
    expect(a4.ok && a4.value.docs.map((d) => d.docId)).toEqual([docIds['\u0000clientful/index']])
    const a5 = await verifyEnvelope(committed.files.get(paths.envelope(ws(), devices.alice, 5))!, { membership: ctx.state, crypto: ctx.crypto })
    expect(a5.ok && a5.value.docs.map((d) => d.docId)).toEqual([docIds.notes])
  })

  it('every progress marker verifies and names its log head', async () => {
    for (const [device, head] of [[built.facts.devices.alice, 5], [built.facts.devices.bob, 2]] as const) {
      const check = await verifyMarkerFile(committed.files.get(paths.marker(ws(), device))!, device, ctx.state)
      expect(check.ok && check.value.head).toBe(head)
    }
  })

  it('the snapshot checks out against the envelopes its tips name', async () => {
    const check = await checkSnapshotCandidate({ id: ws(), parts: ctx }, ctx.storage, paths.snapshot(ws(), built.facts.devices.alice))
    expect(check.ok ? 'ok' : `${check.reason}: ${check.detail}`).toBe('ok')
    if (!check.ok) return
    expect(check.value.file.v).toBe(2)
    const tasks = check.value.docs.find((d) => d.docId === built.facts.docIds.tasks)!
    expect(A.toJS(tasks.doc)).toEqual((committed.expected as { documents: { tasks: unknown } }).documents.tasks)
  })

  it('the attachment manifest verifies and its chunks open in order, the last one flagged', async () => {
    const { blob, attachment } = built.facts
    const manifest = parseManifest(committed.files.get(blobPaths.manifest(ws(), blob))!)
    expect(manifest.ok && (await verifyManifest(manifest.value))).toBe(true)
    if (!manifest.ok) return
    // The key is in the document that references the attachment (here, as the snapshot holds it).
    const snapshot = await checkSnapshotCandidate({ id: ws(), parts: ctx }, ctx.storage, paths.snapshot(ws(), built.facts.devices.alice))
    const notes = snapshot.ok ? snapshot.value.docs.find((d) => d.docId === built.facts.docIds.notes) : undefined
    const ref = (notes?.doc as { attachment?: unknown } | undefined)?.attachment
    if (!isAttachmentRef(ref)) throw new Error('the golden notes hold no attachment reference')
    expect(ref).toMatchObject({ blob, size: attachment.length, device: built.facts.devices.alice })
    const key = await blobKey(fromBase64Url(ref.key))
    const parts: Uint8Array[] = []
    for (let i = 0; i < manifest.value.chunks; i++) {
      const plain = await openChunk(key, blob, i, i === manifest.value.chunks - 1, committed.files.get(blobPaths.chunk(ws(), blob, i))!)
      expect(plain, `chunk ${i}`).toBeDefined()
      parts.push(plain!)
    }
    expect(Buffer.concat(parts).equals(Buffer.from(attachment))).toBe(true)
  })

  it('the forwarding note left where the workspace moved from verifies and names where it went', async () => {
    const moved = await readForwarding(await storageWith(committed.movedFrom), { id: ws(), membership: () => ctx.state, keysOf: (epoch) => ctx.keyring.get(epoch) })
    expect(moved?.locations).toEqual([{ url: GOLDEN_INPUTS.storage }])
  })

  it('the invite code names the storage, relay and workspace; its secret is the key of an invite in the log', async () => {
    const code = parseInviteCode(committed.inviteCode)
    expect(code.ok).toBe(true)
    if (!code.ok) return
    expect(code.value).toMatchObject({ storage: GOLDEN_INPUTS.storage, relay: GOLDEN_INPUTS.relay, ws: ws() })
    const key = toHex((await deriveInviteKeys(code.value.secret)).signing.publicKey)
    const invite = [...ctx.state.invites.values()].find((i) => i.key === key)
    expect(invite).toMatchObject({ role: 'writer', uses: 1, used: 1 })
  })

  it('the device link code opens the link file: the user key and a device invite of that user', async () => {
    const decoded = decodeSecretCode('cl1', committed.deviceLinkCode)
    const secret = decoded.ok ? secretField(decoded.value.k) : undefined
    expect(secret).toBeDefined()
    const linkFile = [...committed.files].find(([path]) => path.startsWith('links/'))!
    const opened = await openLinkFile(secret!, linkFile[1])
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(linkFile[0]).toBe(linkPath(linkFile[0].slice(6, -5)))
    const invite = parseInviteCode(opened.bundle.invites[0]!)
    const key = invite.ok ? toHex((await deriveInviteKeys(invite.value.secret)).signing.publicKey) : ''
    expect([...ctx.state.invites.values()].find((i) => i.key === key)?.user).toBe(built.facts.users.alice)
  })

  it('a device restored from the recovery kit loads every document and the attachment, refusing nothing', async () => {
    const storage = await storageWith(committed.files)
    const device = await createDevice(storageRegistry({ [GOLDEN_INPUTS.storage]: storage }))
    try {
      const [restored] = await device.client.restoreFromKit(committed.recoveryKit)
      const report = await restored!.sync()
      expect(report.rejected).toEqual([])
      const expected = committed.expected as { documents: Record<string, unknown>; attachments: Record<string, { sha256: string }> }
      expect(await restored!.exportJson()).toEqual(expected.documents)
      const ref = (await restored!.doc('notes')).doc().attachment
      expect(isAttachmentRef(ref)).toBe(true)
      const bytes = await restored!.attachments.bytes(ref as never)
      expect(toHex(sha256(bytes))).toBe(expected.attachments[built.facts.blob]!.sha256)
    } finally {
      await device.close()
    }
  })
})
