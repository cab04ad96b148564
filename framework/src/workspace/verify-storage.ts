// Checks every file of a workspace in storage without applying anything: the root marker,
// the genesis, each membership entry (against a fold of what storage holds), each marker and
// each envelope (signature, author's rights, decryption, change authorship).

import { checkRootMarker } from '../storage/root-marker.ts'
import { paths, seqFromPath, leafId } from '../format/paths.ts'
import { verifyMarkerFile } from '../sync/verify-marker.ts'
import { refuse } from '../sync/rejection.ts'
import { decryptSnapshot, parseSnapshot } from '../format/snapshot.ts'
import { checkSnapshot } from '../sync/snapshots.ts'
import { hashRecord, verifyGenesis, type MemberEntry } from '../membership/entries.ts'
import { foldMembership } from '../membership/fold.ts'
import { parseGenesis, parseMemberEntry } from '../membership/parse-entry.ts'
import { verifyEnvelope } from '../sync/verify-envelope.ts'
import type { RejectionReason } from '../sync/rejection.ts'
import { mapConcurrent } from '../util/async.ts'
import { errorMessage } from '../util/errors.ts'
import type { Workspace } from './workspace.ts'

export interface BadFile {
  readonly path: string
  readonly reason: RejectionReason | 'missing' | 'unexpected-file'
  readonly detail: string
}

export interface StorageVerification {
  readonly checked: number
  readonly bad: BadFile[]
}

export async function verifyStorage(workspace: Workspace): Promise<StorageVerification> {
  const storage = await workspace.storage()
  const ws = workspace.id
  const bad: BadFile[] = []
  let checked = 1
  try {
    await checkRootMarker(storage, { createIfMissing: false })
  } catch (error) {
    bad.push({ path: 'clientful.json', reason: 'malformed', detail: errorMessage(error) })
  }

  const genesisPath = paths.workspace(ws)
  const genesisBytes = await storage.read(genesisPath)
  checked++
  const genesis = genesisBytes ? parseGenesis(genesisBytes) : undefined
  if (!genesis) return { checked, bad: [...bad, { path: genesisPath, reason: 'missing', detail: 'the workspace genesis is missing' }] }
  if (!genesis.ok) return { checked, bad: [...bad, { path: genesisPath, reason: genesis.reason, detail: genesis.detail }] }
  const genesisHash = await hashRecord(genesis.value)
  if (genesisHash !== workspace.config.genesisHash || !(await verifyGenesis(genesis.value))) {
    return { checked, bad: [...bad, { path: genesisPath, reason: 'bad-signature', detail: 'the genesis is not the one this workspace was founded with' }] }
  }

  const all = (await storage.list(`${ws}/`)).filter((p) => p !== genesisPath)
  const files = await mapConcurrent(all, 16, async (path) => ({ path, bytes: await storage.read(path) }))
  checked += files.length

  const entries = new Map<string, MemberEntry>()
  const membersPrefix = paths.membersPrefix(ws)
  for (const { path, bytes } of files.filter((f) => f.path.startsWith(membersPrefix))) {
    const hash = leafId(membersPrefix, path)
    const parsed = bytes ? parseMemberEntry(bytes) : undefined
    if (!hash || !parsed) bad.push({ path, reason: 'unexpected-file', detail: 'not a membership entry name' })
    else if (!parsed.ok) bad.push({ path, reason: parsed.reason, detail: parsed.detail })
    else if ((await hashRecord(parsed.value)) !== hash) bad.push({ path, reason: 'malformed', detail: 'content does not match its hash name' })
    else entries.set(hash, parsed.value)
  }
  const membership = await foldMembership(genesisHash, genesis.value, entries)
  for (const [hash, why] of membership.refused) bad.push({ path: paths.memberEntry(ws, hash), reason: 'invalid-entry', detail: why })
  for (const hash of membership.waiting) bad.push({ path: paths.memberEntry(ws, hash), reason: 'invalid-entry', detail: 'its parent entries are missing' })

  const devicesPrefix = paths.devicesPrefix(ws)
  const crypto = workspace.parts.crypto
  for (const { path, bytes } of files) {
    if (path.startsWith(membersPrefix) || !bytes) continue
    if (path.startsWith(devicesPrefix)) {
      const device = leafId(devicesPrefix, path)
      const check = device ? await verifyMarkerFile(bytes, device, membership) : refuse('malformed', 'not a marker name')
      if (!check.ok) bad.push({ path, reason: device ? check.reason : 'unexpected-file', detail: check.detail })
      continue
    }
    const snapshotsPrefix = paths.snapshotsPrefix(ws)
    if (path.startsWith(snapshotsPrefix)) {
      const snapshot = parseSnapshot(bytes)
      const check = snapshot.ok ? await checkSnapshot(snapshot.value, path, membership) : snapshot
      if (!check.ok) bad.push({ path, reason: check.reason, detail: check.detail })
      else {
        const keys = workspace.parts.keyring.get(check.value.epoch)
        if (keys && !(await decryptSnapshot(check.value, keys.content))) bad.push({ path, reason: 'decrypt-failed', detail: 'snapshot does not decrypt' })
      }
      continue
    }
    if (path.startsWith('links/')) continue
    const logMatch = new RegExp(`^${ws}/log/([0-9a-f]{64})/`).exec(path)
    const seq = logMatch ? seqFromPath(paths.logPrefix(ws, logMatch[1]!), path) : undefined
    if (!logMatch || seq === undefined) {
      bad.push({ path, reason: 'unexpected-file', detail: 'not part of the Clientful format' })
      continue
    }
    const check = await verifyEnvelope(bytes, { membership, crypto, expected: { device: logMatch[1]!, seq } })
    if (!check.ok) bad.push({ path, reason: check.reason, detail: check.detail })
  }
  return { checked, bad }
}
