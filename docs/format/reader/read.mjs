#!/usr/bin/env node
// An independent reader of Clientful storage, written from docs/FORMAT.md alone:
//
//   node docs/format/reader/read.mjs --folder DIR --kit FILE [--workspace ID] [--no-snapshots] [--attachments OUT]
//
// DIR is a storage root (a local folder, or a copy of a bucket or Drive folder); FILE is a
// recovery kit. It prints the workspace's documents as JSON on stdout, and on stderr every file
// it refused and why (exit 1 then). It uses WebCrypto, @noble/curves, node:zlib and
// @automerge/automerge, and nothing of the framework.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { ed25519PublicKey, fromBase64Url, fromUtf8, hkdf, sha256, toBase64Url, toHex } from './primitives.mjs'
import { FormatError, readWorkspace } from './workspace.mjs'

const { values } = parseArgs({
  options: { folder: { type: 'string' }, kit: { type: 'string' }, workspace: { type: 'string' }, 'no-snapshots': { type: 'boolean' }, attachments: { type: 'string' } },
})
if (!values.folder || !values.kit) {
  console.error('usage: read.mjs --folder DIR --kit FILE [--workspace ID] [--no-snapshots] [--attachments OUT]')
  process.exit(2)
}

/** The recovery code in a kit: cr1.<base64url JSON>.<base64url of SHA-256(JSON)[0..4]>. */
async function parseKit(text) {
  const found = /(?:^|[^A-Za-z0-9_])(cr1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1]
  if (!found) throw new FormatError('no recovery code (cr1.…) in the kit')
  const [, data, sum] = found.split('.')
  const payload = fromBase64Url(data)
  if (toBase64Url((await sha256(payload)).subarray(0, 4)) !== sum) throw new FormatError('the recovery code fails its checksum')
  const { u, r, w } = JSON.parse(fromUtf8(payload))
  return { userSeed: fromBase64Url(u), recoverySeed: fromBase64Url(r), workspaces: w.map((x) => x.i) }
}

function folderStorage(root) {
  return {
    async read(path) {
      try {
        return new Uint8Array(await readFile(join(root, ...path.split('/'))))
      } catch (error) {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
        throw error
      }
    },
    async list(prefix) {
      const out = []
      const walk = async (dir) => {
        let entries
        try {
          entries = await readdir(dir, { withFileTypes: true })
        } catch {
          return
        }
        for (const entry of entries) {
          const full = join(dir, entry.name)
          if (entry.isDirectory()) await walk(full)
          else out.push(relative(root, full).split(sep).join('/'))
        }
      }
      await walk(join(root, ...prefix.split('/').filter(Boolean)))
      return out.sort()
    },
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`

/** "1 membership entry, 2 envelopes": what the refused files were, from their paths. */
function countByKind(problems) {
  const kinds = [
    ['membership entry', '/members/'],
    ['envelope', '/log/'],
    ['snapshot', '/snapshots/'],
    ['attachment', 'attachment '],
  ]
  const counts = new Map()
  for (const { what } of problems) {
    const kind = kinds.find(([, marker]) => what.includes(marker))?.[0] ?? 'other file'
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return [...counts].map(([kind, n]) => (n === 1 ? `1 ${kind}` : `${n} ${kind === 'membership entry' ? 'membership entries' : `${kind}s`}`)).join(', ')
}

try {
  const kit = await parseKit(await readFile(values.kit, 'utf8'))
  const storage = folderStorage(values.folder)
  const marker = await storage.read('clientful.json')
  const root = marker && JSON.parse(fromUtf8(marker))
  if (root?.format !== 'clientful') throw new FormatError(`${values.folder} is not a Clientful storage folder (no clientful.json)`)
  if (root.v > 1) throw new FormatError(`clientful.json says version ${root.v}: newer than this reader (1)`)

  const present = []
  for (const id of values.workspace ? [values.workspace] : kit.workspaces) if (await storage.read(`${id}/workspace.json`)) present.push(id)
  if (present.length !== 1) throw new FormatError(present.length === 0 ? 'none of the kit’s workspaces is in this folder' : `several workspaces are here (${present.join(', ')}): pass --workspace`)

  // The recovery key: Ed25519 and X25519 seeds from the kit's recovery seed. Its device id is
  // the Ed25519 public key; lockboxes to that id open with the X25519 key.
  const signSeed = await hkdf(kit.recoverySeed, 'clientful/v1/recovery-sign')
  const boxSeed = await hkdf(kit.recoverySeed, 'clientful/v1/recovery-box')
  const recovery = {
    deviceId: toHex(ed25519PublicKey(signSeed)),
    boxSeed,
    useSnapshots: !values['no-snapshots'],
    onAttachment: values.attachments ? (ref, bytes) => saved.push([ref, bytes]) : undefined,
  }
  const saved = []
  const { reading, problems } = await readWorkspace(storage, present[0], recovery)
  if (values.attachments) {
    await mkdir(values.attachments, { recursive: true })
    for (const [ref, bytes] of saved) await writeFile(join(values.attachments, ref.blob), bytes)
  }
  process.stdout.write(JSON.stringify(reading, null, 2) + '\n')
  for (const { what, why } of problems) console.error(`refused ${what}: ${why}`)
  if (problems.length > 0) console.error(`read.mjs: refused ${plural(problems.length, 'file')}: ${countByKind(problems)}`)
  process.exit(problems.length > 0 ? 1 : 0)
} catch (error) {
  console.error(`read.mjs: ${error instanceof FormatError ? error.message : error.stack}`)
  process.exit(2)
}
