// Reading one workspace of a storage folder with a recovery kit, following docs/FORMAT.md step by
// step: the genesis, the membership log (membership.mjs: verified, folded into each device's
// write windows and the epochs), the epoch secrets the recovery key can open, the newest
// snapshot that checks out, the envelopes after it (without the documents an erasure names),
// and the attachments the documents reference. Every file is checked before it is used.

import * as A from '@automerge/automerge'
import { aesGcmOpen, canonicalJson, concat, decodeBatch, fromBase64Url, fromUtf8, hkdf, hmacSha256, openRandom, sha256, toHex, utf8, verifyRecord } from './primitives.mjs'
import { erasedDocs, foldMembership, mayWriteNow, openEpochs, screenEntries, writeProblem } from './membership.mjs'
import { shapeProblem } from './rules.mjs'

/** Size limits per kind of file (FORMAT.md, "Limits"). */
const LIMITS = { entry: 64 * 1024, envelope: 16 * 1024 * 1024, snapshot: 256 * 1024 * 1024, marker: 4096, manifest: 4096 }
const NEWEST = { 'clientful/workspace': 1, 'clientful/member-entry': 1, 'clientful/envelope': 3, 'clientful/snapshot': 2, 'clientful/blob': 1 }

export class FormatError extends Error {}

function parseFile(bytes, limit, format, where) {
  if (bytes.length > limit) throw new FormatError(`${where}: ${bytes.length} bytes, over the ${limit}-byte limit`)
  const record = JSON.parse(fromUtf8(bytes))
  if (record.format !== format) throw new FormatError(`${where}: expected format ${format}`)
  if (!Number.isSafeInteger(record.v) || record.v < 1) throw new FormatError(`${where}: bad version`)
  if (record.v > NEWEST[format]) throw new FormatError(`${where}: version ${record.v} of ${format} is newer than this reader (${NEWEST[format]}): refusing to half-read it`)
  return record
}

const hashOf = async (record) => toHex(await sha256(utf8(canonicalJson(record))))

/** `storage` reads a relative path (undefined when absent) and lists the files under a prefix. */
export async function readWorkspace(storage, ws, recovery) {
  const problems = [] // { what, why }: every file refused, for the report
  const skip = (what, why) => problems.push({ what, why })

  // The genesis: its hash names the workspace; its founder is the first admitted device.
  const genesisBytes = await storage.read(`${ws}/workspace.json`)
  if (!genesisBytes) throw new FormatError(`no workspace ${ws} in this folder`)
  const genesis = parseFile(genesisBytes, LIMITS.entry, 'clientful/workspace', 'workspace.json')
  const genesisHash = await hashOf(genesis)
  if (genesisHash.slice(0, 32) !== ws || !verifyRecord('genesis', genesis, genesis.founder.id)) throw new FormatError('workspace.json is not the genesis of this workspace')

  // Membership entries: bounded, well-formed, named by their hash, signed for this workspace by
  // their author; then kept only if a kept entry admitted that author, and folded.
  const entries = new Map()
  for (const path of await storage.list(`${ws}/members/`)) {
    const hash = /\/members\/([0-9a-f]{64})\.json$/.exec(path)?.[1]
    if (!hash) continue
    try {
      const entry = parseFile(await storage.read(path), LIMITS.entry, 'clientful/member-entry', path)
      if ((await hashOf(entry)) !== hash) throw new FormatError('content does not match its name')
      const malformed = shapeProblem(entry)
      if (malformed) throw new FormatError(`malformed: ${malformed}`)
      if (entry.ws !== ws) throw new FormatError('signed for another workspace')
      if (!verifyRecord('member-entry', entry, entry.author)) throw new FormatError('bad signature')
      entries.set(hash, entry)
    } catch (error) {
      skip(path, error.message)
    }
  }
  const membership = foldMembership(genesisHash, genesis, screenEntries(genesis, entries, ws, skip))
  for (const [hash, why] of membership.refused) skip(`${ws}/members/${hash}.json`, why)
  for (const hash of membership.waiting) skip(`${ws}/members/${hash}.json`, 'waits for a parent entry that is not here')

  // Epoch secrets: lockboxes sealed to the recovery key, then the key chains of newer epochs.
  const secrets = await openEpochs(membership, recovery)
  const content = new Map()
  for (const [epoch, secret] of secrets) content.set(epoch, await hkdf(secret, 'clientful/v1/content'))
  const genesisSecret = secrets.get(genesis.lockbox.epoch)
  if (!genesisSecret) throw new FormatError('the recovery key opens no lockbox of the genesis epoch')
  const nameBytes = await openRandom(content.get(genesis.lockbox.epoch), fromBase64Url(genesis.name), utf8('clientful/v1/workspace-name'))

  // Documents: the newest snapshot that checks out, then every envelope after it.
  const docs = new Map()
  const start = await startFromSnapshot(storage, ws, membership, content, docs, skip, recovery.useSnapshots)
  for (const path of await storage.list(`${ws}/log/`)) {
    const device = /\/log\/([0-9a-f]{64})\/000000000001\.json$/.exec(path)?.[1]
    if (device) await applyLog(storage, ws, device, membership, content, docs, start.get(device), skip)
  }

  // Names come from the reserved index document, whose id is derived like any other.
  const docNames = await hkdf(genesisSecret, 'clientful/v1/doc-names')
  const idOf = async (name) => toHex((await hmacSha256(docNames, utf8(name))).subarray(0, 16))
  const reserved = new Map([[await idOf('\u0000clientful/index'), 'clientful/index'], [await idOf('\u0000clientful/storage-access'), 'clientful/storage-access']])
  const index = docs.get([...reserved].find(([, n]) => n === 'clientful/index')[0])
  const names = index ? A.toJS(index) : {}
  const out = { workspace: { id: ws, name: nameBytes ? fromUtf8(nameBytes) : null }, documents: {}, reserved: {}, attachments: {} }
  for (const [id, doc] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (reserved.has(id)) out.reserved[reserved.get(id)] = A.toJS(doc)
    else out.documents[names[id] ?? id] = A.toJS(doc)
  }
  for (const ref of attachmentRefs(out.documents)) {
    try {
      const bytes = await readAttachment(storage, ws, ref, membership)
      out.attachments[ref.blob] = { name: ref.name, type: ref.type, size: bytes.length, sha256: toHex(await sha256(bytes)) }
      recovery.onAttachment?.(ref, bytes)
    } catch (error) {
      skip(`attachment ${ref.blob}`, error.message)
    }
  }
  return { reading: out, problems }
}

/** What the AEAD binds: version 2 adds `prev` and `own`, version 3 (a redaction) `redacts` and `of`. */
function envelopeHeader(f) {
  const header = { device: f.device, epoch: f.epoch, format: f.format, seq: f.seq, v: f.v, ws: f.ws }
  if (f.v >= 2) Object.assign(header, { own: f.own, prev: f.prev })
  if (f.v >= 3) Object.assign(header, { of: f.of, redacts: f.redacts })
  return header
}

const isHash = (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)

/** Opens one envelope found at log/<device>/<seq>.json, or throws why not. */
async function openEnvelope(bytes, ws, device, seq, prev, membership, content) {
  const file = parseFile(bytes, LIMITS.envelope, 'clientful/envelope', `${device.slice(0, 8)}#${seq}`)
  if (file.ws !== ws || file.device !== device || file.seq !== seq) throw new FormatError('signed for another place')
  // A redaction (version 3) names the erasure it carries out and the envelope it stands for.
  if (file.v >= 3 ? !isHash(file.redacts) || !isHash(file.of) : file.redacts !== undefined || file.of !== undefined) throw new FormatError('malformed: redacts and of belong to version 3, which has both')
  // Its device's write window at this number, before its signature: removed, demoted to
  // reader, a recovery key, or never admitted, a device's signature proves nothing.
  const refused = writeProblem(membership, device, seq)
  if (refused) throw new FormatError(refused)
  if (!verifyRecord('envelope', file, device)) throw new FormatError('bad signature')
  if (file.v >= 2 && prev !== undefined && file.prev !== prev) throw new FormatError('its chain does not follow the envelope before it')
  if (file.v >= 3) {
    const erasure = membership.erasures.get(file.redacts)
    if (!erasure) throw new FormatError(`unauthorized: a redaction under erasure ${file.redacts.slice(0, 12)}…, which the membership log does not hold`)
    // Epochs in the order the fold created them: a redaction under one older than its erasure's is refused.
    const order = [...membership.epochs.keys()]
    if (order.indexOf(file.epoch) < order.indexOf(erasure.epoch)) throw new FormatError('unauthorized: a redaction sealed under a key older than its erasure')
  }
  const key = content.get(file.epoch)
  if (!key) throw new FormatError(`no key for epoch ${file.epoch}`)
  const plain = await openRandom(key, fromBase64Url(file.ct), utf8(canonicalJson(envelopeHeader(file))))
  if (!plain) throw new FormatError('does not decrypt')
  const batch = decodeBatch(plain)
  for (const { changes } of batch) {
    for (const change of changes) {
      const actor = A.decodeChange(change).actor
      if (actor.length !== 72 || !actor.startsWith(device)) throw new FormatError(`a change by actor ${actor.slice(0, 12)}… is not the signer's`)
    }
  }
  // The chain names a redaction by the hash of the envelope it replaced.
  return { file, batch, hash: file.v >= 3 ? file.of : await hashOf(file) }
}

async function applyLog(storage, ws, device, membership, content, docs, from, skip) {
  let prev = from?.tip ?? ''
  const changes = new Map()
  const erased = erasedDocs(membership)
  for (let seq = (from?.seq ?? 0) + 1; ; seq++) {
    const path = `${ws}/log/${device}/${String(seq).padStart(12, '0')}.json`
    const bytes = await storage.read(path)
    if (!bytes) break
    try {
      const { batch, hash } = await openEnvelope(bytes, ws, device, seq, prev, membership, content)
      // An erased document's changes are dropped; the rest of the envelope applies.
      for (const { docId, changes: c } of batch) if (!erased.has(docId)) changes.set(docId, [...(changes.get(docId) ?? []), ...c])
      prev = hash
    } catch (error) {
      skip(path, error.message) // the log stops here: later envelopes depend on this one
      break
    }
  }
  for (const [docId, c] of changes) docs.set(docId, A.applyChanges(docs.get(docId) ?? A.init(), c)[0])
}

/** Every device's last change per document and actor, as `own` digests them. */
function ownHeads(docs) {
  const byDevice = new Map()
  for (const [docId, doc] of docs) {
    for (const change of A.getAllChanges(doc)) {
      const { actor, seq, hash } = A.decodeChange(change)
      const device = actor.length === 72 ? actor.slice(0, 64) : ''
      const own = byDevice.get(device) ?? {}
      byDevice.set(device, own)
      const heads = (own[docId] ??= {})
      if (!heads[actor] || seq > heads[actor][0]) heads[actor] = [seq, hash]
    }
  }
  return byDevice
}

/** Loads the snapshot with the largest vector that checks out; returns where each log resumes. */
async function startFromSnapshot(storage, ws, membership, content, docs, skip, useSnapshots) {
  let best
  for (const path of useSnapshots === false ? [] : await storage.list(`${ws}/snapshots/`)) {
    try {
      const file = parseFile(await storage.read(path), LIMITS.snapshot, 'clientful/snapshot', path)
      if (file.v < 2) throw new FormatError('a version 1 snapshot names no tips: it cannot be checked')
      if (file.ws !== ws || path !== `${ws}/snapshots/${file.device}.json`) throw new FormatError('signed for another place')
      // Only a device that may still write vouches for everyone's changes.
      if (!mayWriteNow(membership, file.device)) throw new FormatError('unauthorized: its author may no longer write')
      if (!verifyRecord('snapshot', file, file.device)) throw new FormatError('bad signature')
      const key = content.get(file.epoch)
      const { format, v, device, epoch, at, vector, tips } = file
      const plain = key && (await openRandom(key, fromBase64Url(file.ct), utf8(canonicalJson({ at, device, epoch, format, tips, v, vector, ws }))))
      if (!plain) throw new FormatError('does not decrypt')
      // Documents an erasure names are left out before the check: their authors signed `own` again without them.
      const erased = erasedDocs(membership)
      const loaded = new Map(decodeBatch(plain).filter(({ docId }) => !erased.has(docId)).map(({ docId, changes }) => [docId, A.load(changes[0])]))
      // Each device's changes in it must be exactly what that device signed up to the vector.
      const heads = ownHeads(loaded)
      for (const d of heads.keys()) if (!(d in vector)) throw new FormatError(`it holds changes of ${d.slice(0, 8) || 'no device'} outside its vector`)
      for (const [d, seq] of Object.entries(vector)) {
        const bytes = await storage.read(`${ws}/log/${d}/${String(seq).padStart(12, '0')}.json`)
        if (!bytes) throw new FormatError(`the envelope ${d.slice(0, 8)}#${seq} it names is missing`)
        const { file: tip, hash } = await openEnvelope(bytes, ws, d, seq, undefined, membership, content)
        if (hash !== tips[d]) throw new FormatError(`${d.slice(0, 8)}#${seq} is not the envelope it names`)
        if (tip.own !== toHex(await sha256(utf8(canonicalJson(heads.get(d) ?? {}))))) throw new FormatError(`it holds other changes of ${d.slice(0, 8)} than that device signed`)
      }
      const total = Object.values(vector).reduce((a, b) => a + b, 0)
      if (!best || total > best.total) best = { total, loaded, vector, tips }
    } catch (error) {
      skip(path, error.message)
    }
  }
  if (!best) return new Map()
  for (const [docId, doc] of best.loaded) docs.set(docId, doc)
  return new Map(Object.entries(best.vector).map(([d, seq]) => [d, { seq, tip: best.tips[d] }]))
}

function* attachmentRefs(value) {
  if (typeof value !== 'object' || value === null) return
  if (value.$attachment === 1 && /^[0-9a-f]{32}$/.test(value.blob)) yield value
  else for (const child of Object.values(value)) yield* attachmentRefs(child)
}

/** A chunk read from Google Drive is text: a base64 data URL of the bytes. */
function chunkBytes(stored) {
  const prefix = 'data:application/octet-stream;base64,'
  const head = fromUtf8Safe(stored.subarray(0, prefix.length))
  return head === prefix ? new Uint8Array(Buffer.from(fromUtf8(stored.subarray(prefix.length)), 'base64')) : stored
}

function fromUtf8Safe(bytes) {
  try {
    return fromUtf8(bytes)
  } catch {
    return ''
  }
}

async function readAttachment(storage, ws, ref, membership) {
  const manifest = parseFile(await storage.read(`${ws}/blobs/${ref.blob}/manifest.json`), LIMITS.manifest, 'clientful/blob', 'manifest')
  if (manifest.ws !== ws || manifest.blob !== ref.blob || manifest.device !== ref.device || manifest.size !== ref.size) throw new FormatError('the manifest does not match the reference')
  // The uploader's right to write: its write window at #1 (FORMAT.md, attachments).
  const refused = writeProblem(membership, manifest.device, 1)
  if (refused) throw new FormatError(refused)
  if (!verifyRecord('blob-manifest', manifest, manifest.device)) throw new FormatError('bad manifest signature')
  const chunks = Math.max(1, Math.ceil(manifest.size / manifest.chunkSize))
  if (manifest.chunks !== chunks) throw new FormatError('the chunk count does not match the size')
  const key = fromBase64Url(ref.key)
  const parts = []
  for (let i = 0; i < chunks; i++) {
    const stored = await storage.read(`${ws}/blobs/${ref.blob}/${String(i).padStart(8, '0')}.bin`)
    if (!stored) throw new FormatError(`chunk ${i} is missing`)
    const nonce = new Uint8Array(12)
    new DataView(nonce.buffer).setBigUint64(3, BigInt(i))
    nonce[11] = i === chunks - 1 ? 1 : 0
    const plain = await aesGcmOpen(key, nonce, chunkBytes(stored), utf8(`clientful/v1/blob/${ref.blob}`))
    if (!plain) throw new FormatError(`chunk ${i} does not open at its position`)
    parts.push(plain)
  }
  const bytes = concat(...parts)
  if (bytes.length !== manifest.size) throw new FormatError('the chunks do not add up to the size')
  return bytes
}
