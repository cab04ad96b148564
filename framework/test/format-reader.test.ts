// The independent reader (docs/format/reader/read.mjs), written from docs/FORMAT.md alone, reads
// the golden workspace and workspaces the framework wrote to a local folder, and prints what
// the framework shows: the same documents, the same writes refused after a removal or a
// demotion, and nothing of a document an admin erased. It runs as its own process, as a user
// would run it.

import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sha256 } from '@noble/hashes/sha2.js'
import { openFileUrl } from '@clientful/storage-local'
import { generateKeyPair } from '../src/crypto/keys.ts'
import { paths } from '../src/format/paths.ts'
import { encodeRecord } from '../src/format/signed-record.ts'
import { hashRecord, signEntry, type EntryBodies, type MemberEntryType } from '../src/membership/entries.ts'
import { foldMembership } from '../src/membership/fold.ts'
import type { MembershipState } from '../src/membership/state.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import { toHex } from '../src/util/bytes.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, type TestDevice } from './support/devices.ts'
import { announceEntries, forceWrite } from './support/forge.ts'
import { GOLDEN_DIR, goldenKey, loadCommittedGolden } from './support/golden.ts'
import { createKeyPool, type KeyPool } from './support/membership-key-pool.ts'
import { anyAct, playHistory } from './support/membership-sim.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

const READER = join(import.meta.dirname, '../../docs/format/reader/read.mjs')
const READER_FOLD = join(import.meta.dirname, '../../docs/format/reader/membership.mjs')

interface ReaderRun {
  readonly code: number
  readonly reading: { workspace: { id: string; name: string }; documents: Record<string, unknown>; attachments: Record<string, { sha256: string; size: number }> } | undefined
  readonly stderr: string
}

function read(folder: string, kit: string, ...flags: string[]): Promise<ReaderRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [READER, '--folder', folder, '--kit', kit, ...flags], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0
      resolve({ code, reading: stdout ? JSON.parse(stdout) : undefined, stderr })
    })
  })
}

describe('the independent reader on the golden workspace', () => {
  const folder = join(GOLDEN_DIR, 'storage')
  const kit = join(GOLDEN_DIR, 'recovery-kit.txt')

  it('prints exactly the expected reading, from the snapshot and from the whole log', async () => {
    const expected = JSON.parse(await readFile(join(GOLDEN_DIR, 'expected.json'), 'utf8'))
    for (const flags of [[], ['--no-snapshots']]) {
      const run = await read(folder, kit, ...flags)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.reading).toEqual(expected)
    }
  })

  it('refuses a tampered envelope and says so, without showing what it held', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'clientful-golden-copy-'))
    try {
      await cp(folder, copy, { recursive: true })
      const { expected } = await loadCommittedGolden()
      const bobLast = paths.envelope((expected as { workspace: { id: string } }).workspace.id, toHex((await goldenKey('bob/device')).publicKey), 2)
      const bytes = JSON.parse(await readFile(join(copy, bobLast), 'utf8'))
      bytes.ct = (bytes.ct[0] === 'A' ? 'B' : 'A') + bytes.ct.slice(1)
      await writeFile(join(copy, bobLast), JSON.stringify(bytes))
      const run = await read(copy, kit, '--no-snapshots')
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(new RegExp(`refused ${bobLast.replace(/[/.]/g, '\\$&')}: bad signature`))
      expect(Object.keys((run.reading!.documents.tasks as object) ?? {})).not.toContain('t3')
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  it('refuses a newer format version with a clear message rather than half-reading it', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'clientful-golden-copy-'))
    try {
      await cp(folder, copy, { recursive: true })
      await writeFile(join(copy, 'clientful.json'), JSON.stringify({ format: 'clientful', v: 2 }))
      const run = await read(copy, kit)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/version 2: newer than this reader/)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })
})

describe('the independent reader on a workspace the framework wrote to a local folder', () => {
  let dir: string
  let devices: TestDevice[] = []
  let alice: Workspace
  let kitFile: string
  let attachment: Uint8Array

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clientful-reader-'))
    const storage = pathToFileURL(join(dir, 'storage')).href
    const options = { attachments: { chunkSize: 64 * 1024 } }
    const [a, b] = [await createDevice(openFileUrl, options), await createDevice(openFileUrl, options)]
    devices = [a, b]
    alice = await a.client.createWorkspace({ name: 'Field team', storage })
    const bob = await b.client.join(await alice.createInvite({ role: 'writer' }))
    ;(await alice.doc('board')).change((d) => Object.assign(d, { title: 'Board', columns: ['todo', 'done'] }))
    attachment = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)
    await alice.attach('board', 'photo', attachment, { name: 'site.bin', type: 'application/octet-stream' })
    await alice.sync()
    await bob.sync()
    ;(await bob.doc('board')).change((d) => void (d.note = 'from Bob'))
    ;(await bob.doc('inbox')).change((d) => void (d.first = { text: 'hello', at: 1 }))
    await bob.sync()
    await alice.sync()
    // A kit, a rotation (a second epoch the kit reaches through its lockbox), a snapshot, and edits after it.
    kitFile = join(dir, 'kit.txt')
    await writeFile(kitFile, await a.client.createRecoveryKit())
    await alice.rotateKeys()
    ;(await alice.doc('board')).change((d) => void (d.columns = ['todo', 'doing', 'done']))
    await alice.sync()
    await alice.publishSnapshot()
    ;(await alice.doc('inbox')).change((d) => void (d.second = { text: 'after the snapshot', at: 2 }))
    await alice.sync()
    await bob.sync()
    await alice.sync()
    expect(await readFile(join(dir, 'storage', paths.snapshot(alice.id, alice.deviceId)))).toBeDefined()
  })

  afterAll(async () => {
    for (const d of devices) await d.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints every document as the framework shows it, and every attachment, from the snapshot and from the whole log', async () => {
    const expected = await alice.exportJson()
    for (const flags of [[], ['--no-snapshots']]) {
      const run = await read(join(dir, 'storage'), kitFile, ...flags)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.reading!.workspace).toEqual({ id: alice.id, name: 'Field team' })
      expect(run.reading!.documents).toEqual(expected)
      const ref = (expected.board as { photo: { blob: string } }).photo
      expect(run.reading!.attachments[ref.blob]).toMatchObject({ size: attachment.length, sha256: toHex(sha256(attachment)) })
    }
  })
})

describe('the independent reader on a workspace where an admin erased a document', () => {
  const SECRET = 'the words that must go'
  let dir: string
  let devices: TestDevice[] = []
  let alice: Workspace
  let kitFile: string
  let erasedId: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clientful-reader-erase-'))
    const storage = pathToFileURL(join(dir, 'storage')).href
    const [a, b] = [await createDevice(openFileUrl), await createDevice(openFileUrl)]
    devices = [a, b]
    alice = await a.client.createWorkspace({ name: 'Erasures', storage })
    const bob = await b.client.join(await alice.createInvite({ role: 'writer' }))
    kitFile = join(dir, 'kit.txt')
    await writeFile(kitFile, await a.client.createRecoveryKit())
    // Both write to the document to be erased, in envelopes that also carry other documents.
    ;(await alice.doc('board')).change((d) => void (d.title = 'Board'))
    ;(await alice.doc('diary')).change((d) => void (d.alice = `${SECRET} (alice)`))
    await alice.sync()
    await bob.sync()
    ;(await bob.doc('diary')).change((d) => void (d.bob = `${SECRET} (bob)`))
    ;(await bob.doc('board')).change((d) => void (d.note = 'from Bob'))
    await bob.sync()
    await alice.sync()
    // A snapshot that holds the document, then the erasure.
    await alice.publishSnapshot()
    await bob.publishSnapshot()
    erasedId = (await alice.doc('diary')).id
    await cp(join(dir, 'storage'), join(dir, 'before'), { recursive: true })
    await alice.erase({ docIds: [erasedId] })
    ;(await bob.doc('inbox')).change((d) => void (d.first = 'after the erasure'))
    for (let round = 0; round < 2; round++) for (const ws of [alice, bob]) await ws.sync()
  })

  afterAll(async () => {
    for (const d of devices) await d.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints the other documents and not the erased one, refusing nothing, from the snapshot and from the whole log', async () => {
    const expected = await alice.exportJson()
    expect(expected).toMatchObject({ board: { title: 'Board', note: 'from Bob' }, inbox: { first: 'after the erasure' } })
    expect(expected.diary).toBeUndefined()
    // The devices rewrote their envelopes: redactions are what the reader meets.
    const logs = await readdir(join(dir, 'storage', alice.id, 'log'), { recursive: true })
    const envelopes = await Promise.all(logs.filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(join(dir, 'storage', alice.id, 'log', f), 'utf8')) as { v: number }))
    expect(envelopes.filter((e) => e.v === 3).length).toBeGreaterThanOrEqual(2)
    for (const flags of [[], ['--no-snapshots']]) {
      const run = await read(join(dir, 'storage'), kitFile, ...flags)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.reading!.documents).toEqual(expected)
      expect(Object.keys(run.reading!.documents)).not.toContain(erasedId)
      expect(JSON.stringify(run.reading)).not.toContain(SECRET)
    }
  })

  /** A copy of storage after the erasure with some of its files as they were before it. */
  async function mixed(from: string): Promise<string> {
    const copy = await mkdtemp(join(tmpdir(), 'clientful-reader-erase-copy-'))
    await cp(join(dir, 'storage'), copy, { recursive: true })
    await cp(join(dir, 'before', alice.id, from), join(copy, alice.id, from), { recursive: true })
    return copy
  }

  it("drops an erased document's changes from envelopes not rewritten yet, and leaves it out of a snapshot taken before", async () => {
    const expected = await alice.exportJson()
    // Every envelope as first written (a device that never came back): the chain still holds.
    const originals = await mixed('log')
    // Snapshots from before the erasure, checked against the rewritten envelopes' digests.
    const oldSnapshots = await mixed('snapshots')
    try {
      for (const [folder, flags] of [[originals, ['--no-snapshots']], [oldSnapshots, []]] as const) {
        const run = await read(folder, kitFile, ...flags)
        expect(run.stderr).toBe('')
        expect(run.code).toBe(0)
        expect(run.reading!.documents).toEqual(expected)
        expect(JSON.stringify(run.reading)).not.toContain(SECRET)
      }
    } finally {
      await rm(originals, { recursive: true, force: true })
      await rm(oldSnapshots, { recursive: true, force: true })
    }
  })

  it('refuses a redaction whose erasure is not in the membership log', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'clientful-reader-erase-copy-'))
    try {
      await cp(join(dir, 'storage'), copy, { recursive: true })
      const members = join(copy, alice.id, 'members')
      let erasure: string | undefined
      for (const name of await readdir(members)) {
        if ((JSON.parse(await readFile(join(members, name), 'utf8')) as { type: string }).type === 'erase') erasure = join(members, name)
      }
      await rm(erasure!)
      const run = await read(copy, kitFile, '--no-snapshots')
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/refused \S+\/log\/\S+: unauthorized: a redaction under erasure [0-9a-f]{12}…, which the membership log does not hold/)
      expect(JSON.stringify(run.reading)).not.toContain(SECRET)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })
})

/** An entry that names `author` but is signed by another key, uploaded as if it were real. */
async function forgeUnsigned<T extends MemberEntryType>(storage: UserStorage, author: Workspace, type: T, body: EntryBodies[T]): Promise<string> {
  const stranger = await generateKeyPair('Ed25519', true)
  const entry = await signEntry({ ws: author.id, type, parents: author.parts.membership.state.heads, author: author.deviceId, body, at: Date.now() }, stranger.privateKey)
  const hash = await hashRecord(entry)
  await storage.write(paths.memberEntry(author.id, hash), encodeRecord(entry))
  await announceEntries(storage, author)
  return hash
}

describe('the independent reader folds the membership log as the framework does', () => {
  let dir: string
  let team: Team
  let kitFile: string
  let admin: Workspace
  const refused: { removal: string; demotion: string; forged: string } = { removal: '', demotion: '', forged: '' }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clientful-reader-fold-'))
    const storage = await openFileUrl(pathToFileURL(join(dir, 'storage')).href)
    team = await createTeam(['writer', 'writer', 'writer'], storage)
    const [first, removed, writer, demoted] = team.workspaces as [Workspace, Workspace, Workspace, Workspace]
    admin = first
    kitFile = join(dir, 'kit.txt')
    await writeFile(kitFile, await team.devices[0]!.client.createRecoveryKit())
    ;(await removed.doc<Record<string, string>>('tasks')).change((d) => void (d.removed = 'before its removal'))
    ;(await demoted.doc<Record<string, string>>('tasks')).change((d) => void (d.demoted = 'before its demotion'))
    for (const ws of team.workspaces) await ws.sync()
    for (const ws of team.workspaces) await ws.sync()

    // The admin removes one writer (rotating the key) and makes another a reader; both go on
    // writing under the key they hold, as a modified client would.
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.changeRole(demoted.parts.deps.identity.userId, 'reader')
    await admin.sync()
    await writer.sync()
    const afterRemoval = await forceWrite(storage, removed, 'tasks', 'afterRemoval', 'refused', 'f1f1f1f1')
    const afterDemotion = await forceWrite(storage, demoted, 'tasks', 'afterDemotion', 'refused', 'f2f2f2f2')
    // An ack that would re-admit the removed writer's envelope, were the writer's device its signer.
    const forged = await forgeUnsigned(storage, writer, 'ack', { device: removed.deviceId, seq: afterRemoval })
    ;(await writer.doc<Record<string, string>>('tasks')).change((d) => void (d.writer = 'still writing'))
    for (const ws of [admin, writer, admin]) await ws.sync()

    refused.removal = paths.envelope(admin.id, removed.deviceId, afterRemoval)
    refused.demotion = paths.envelope(admin.id, demoted.deviceId, afterDemotion)
    refused.forged = paths.memberEntry(admin.id, forged)
    // The framework itself refused all three.
    const rejected = await admin.rejected()
    expect(rejected.some((r) => r.kind === 'member-entry' && r.path?.includes(forged) && r.reason === 'bad-signature')).toBe(true)
    expect(await admin.exportJson()).toMatchObject({ tasks: { removed: 'before its removal', demoted: 'before its demotion', writer: 'still writing' } })
  })

  afterAll(async () => {
    await team?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses what a removed or demoted writer wrote past its cutoff, and ignores an entry with a bad signature', async () => {
    const expected = await admin.exportJson()
    expect((expected.tasks as Record<string, string>).afterRemoval).toBeUndefined()
    expect((expected.tasks as Record<string, string>).afterDemotion).toBeUndefined()
    for (const flags of [[], ['--no-snapshots']]) {
      const run = await read(join(dir, 'storage'), kitFile, ...flags)
      expect(run.code).toBe(1)
      expect(run.reading!.documents).toEqual(expected)
      const lines = run.stderr.trim().split('\n')
      expect(lines).toContain(`refused ${refused.forged}: bad signature`)
      expect(lines.find((l) => l.startsWith(`refused ${refused.removal}: `))).toMatch(/unauthorized: .*removed/)
      expect(lines.find((l) => l.startsWith(`refused ${refused.demotion}: `))).toMatch(/unauthorized: .*reader/)
      expect(lines.at(-1)).toBe('read.mjs: refused 3 files: 1 membership entry, 2 envelopes')
    }
  })
})

/** What the reader's fold decides, in the shape both folds can give. */
interface FoldOutcome {
  refused: Map<string, string>
  waiting: string[]
  currentEpoch: string
  members: Map<string, { role: string; removed: boolean; devices: Set<string> }>
  devices: Map<string, { removed: boolean; windows: unknown }>
}

function outcome(state: FoldOutcome | MembershipState): unknown {
  return {
    refused: [...state.refused.keys()].sort(),
    waiting: [...state.waiting].sort(),
    epoch: state.currentEpoch,
    members: [...state.members].map(([id, m]) => [id, m.role, m.removed, [...m.devices].sort()]).sort(),
    devices: [...state.devices].map(([id, d]) => [id, d.removed, d.windows]).sort(),
  }
}

describe("the independent reader's fold on hostile membership histories", () => {
  let pool: KeyPool
  beforeAll(async () => {
    pool = await createKeyPool()
  })

  it('refuses the same entries and gives every device the same write windows as the framework (100 runs)', async () => {
    const reader = (await import(pathToFileURL(READER_FOLD).href)) as { foldMembership(hash: string, genesis: unknown, entries: Map<string, unknown>): FoldOutcome }
    let refused = 0
    await fc.assert(
      fc.asyncProperty(fc.array(anyAct, { minLength: 8, maxLength: 36 }), async (acts) => {
        const { entries } = await playHistory(pool, acts, new Map())
        const framework = await foldMembership(pool.genesisHash, pool.genesis, entries)
        // The reader sees the entries as JSON from storage.
        const asStored = new Map([...entries].map(([hash, entry]) => [hash, JSON.parse(JSON.stringify(entry)) as unknown]))
        expect(outcome(reader.foldMembership(pool.genesisHash, JSON.parse(JSON.stringify(pool.genesis)), asStored))).toEqual(outcome(framework))
        refused += framework.refused.size
      }),
      { numRuns: 100, seed: 0x5eed },
    )
    // The histories must reach the rules: most runs refuse something.
    expect(refused).toBeGreaterThan(100)
  }, 120_000)
})
