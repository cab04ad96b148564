// Weeks offline: device A comes back with 100,000 changes over 200 documents (bench/workload.ts
// with BACKLOG's shape); `push` = A's sync() (seal, sign, encrypt, upload, marker), `pull` = B's
// sync() (markers, fetch, verify, decrypt, apply, persist), through s3rver (or a local folder
// when s3rver does not start). Making 100,000 changes takes longer than syncing them, so the
// offline session is made once: A's and B's homes and the storage as they stand before the push
// are kept as a template, and each run starts from a copy (same paths, so A's configuration
// still names the same storage URL). The baseline is automerge-repo with its sync server, from a
// template of its own (A's NodeFS folder after the same session): `pull` is a fresh Repo B
// finding the 200 documents and holding A's heads.

import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import { Repo, type DocumentId, type DocHandle as RepoHandle } from '@automerge/automerge-repo'
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import type { DocHandle, UserStorage } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { folderBytes, startServer } from './automerge-repo-sync.ts'
import { countingStorage, emptyTally, requestsIn, tallySince } from './counting-storage.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { headsOf, whenRepoHolds, type HeadsByDoc } from './repo-heads.ts'
import { settle } from './settle.ts'
import type { StorageBackend, StorageRoot } from './storage-backends.ts'
import { docName, makeOfflineChanges, type Project, type SessionShape } from './workload.ts'

export const BACKLOG: SessionShape = { docs: 200, changesPerDoc: 500 }
export const BACKLOG_CHANGES = BACKLOG.docs * BACKLOG.changesPerDoc
export const CLIENTFUL_BACKLOG = 'clientful, security on'
export const AUTOMERGE_REPO_BACKLOG = 'automerge-repo sync server'

export interface ClientfulBacklog {
  readonly variant: Variant
  dispose(): Promise<void>
}

/** A and B in step, then A offline for the whole session; kept as files for every run. */
export async function clientfulBacklog(backend: StorageBackend): Promise<ClientfulBacklog> {
  const root: StorageRoot = await backend.freshRoot()
  const base = await mkdtemp(join(tmpdir(), 'clientful-bench-backlog-'))
  const [homeA, homeB, templateA, templateB] = ['a', 'b', 'template-a', 'template-b'].map((name) => join(base, name)) as [string, string, string, string]
  const tally = emptyTally()
  const openStorage = async (url: string): Promise<UserStorage> => countingStorage(await root.open(url), tally)
  // This suite prices the log: no automatic snapshot on the way (the first-document variants measure snapshots).
  const options = { openStorage, snapshotEvery: 0 }
  let alice = await openNodeClient(homeA, options)
  let bob = await openNodeClient(homeB, options)
  const wsA = await alice.createWorkspace({ name: 'Backlog', storage: root.url })
  const workspaceId = wsA.id
  const wsB0 = await bob.join(await wsA.createInvite({ role: 'writer' }))
  await wsA.sync()
  await wsB0.sync()
  const handles: DocHandle<Project>[] = []
  for (let d = 0; d < BACKLOG.docs; d++) handles.push(await wsA.doc<Project>(docName(d)))
  await makeOfflineChanges((d, edit) => void handles[d]!.change(edit), BACKLOG)
  const expected = new Map(await Promise.all(handles.map(async (h, d) => [docName(d), A.getHeads(h.doc()).sort().join()] as const)))
  await alice.close()
  await bob.close()
  await cp(homeA, templateA, { recursive: true })
  await cp(homeB, templateB, { recursive: true })
  const storage = await root.open(root.url)
  const templateFiles = new Map<string, Uint8Array>()
  for (const path of await storage.list('')) templateFiles.set(path, (await storage.read(path))!)

  /** Storage and homes as they were when A went offline. */
  async function restore(): Promise<void> {
    for (const path of await storage.list('')) if (!templateFiles.has(path)) await storage.delete(path)
    for (const [path, bytes] of templateFiles) await storage.write(path, bytes)
    for (const [home, template] of [[homeA, templateA], [homeB, templateB]] as const) {
      await rm(home, { recursive: true, force: true })
      await cp(template, home, { recursive: true })
    }
  }

  const variant: Variant = {
    name: CLIENTFUL_BACKLOG,
    async run(): Promise<RunResult> {
      await restore()
      alice = await openNodeClient(homeA, options)
      bob = await openNodeClient(homeB, options)
      try {
        const a = await alice.workspace(workspaceId)
        const b = await bob.workspace(workspaceId)
        settle()
        const start = { ...tally }
        const push = await time(() => a.sync())
        const afterPush = { ...tally }
        settle()
        const pull = await time(() => b.sync())
        const pulled = tallySince(tally, afterPush)
        const report = pull.value.pulled
        if (report.rejected.length > 0 || report.changes !== push.value.pushed.changes) {
          throw new Error(`invalid run: pushed ${push.value.pushed.changes} changes, pulled ${report.changes}, refused ${report.rejected.length}`)
        }
        for (const [name, heads] of expected) {
          const doc = await b.findDoc(name)
          if (!doc || A.getHeads(doc.doc()).sort().join() !== heads) throw new Error(`invalid run: ${name} differs on B`)
        }
        return {
          ms: { push: push.ms, pull: pull.ms, total: push.ms + pull.ms, 'push cpu': push.cpuMs, 'pull cpu': pull.cpuMs },
          counts: {
            changes: push.value.pushed.changes,
            envelopes: push.value.pushed.envelopes,
            'push requests': requestsIn(tallySince(afterPush, start)),
            'pull requests': requestsIn(pulled),
            'pull bytes read': pulled.bytesRead,
          },
        }
      } finally {
        await alice.close()
        await bob.close()
      }
    },
  }
  return {
    variant,
    async dispose() {
      await rm(base, { recursive: true, force: true })
      await root.dispose()
    },
  }
}

export interface RepoBacklog {
  readonly variant: Variant
  dispose(): Promise<void>
}

/** automerge-repo from a template of A's folder after the same session. */
export async function automergeRepoBacklog(): Promise<RepoBacklog> {
  const base = await mkdtemp(join(tmpdir(), 'clientful-bench-amrepo-backlog-'))
  const template = join(base, 'template-a')
  const repo = new Repo({ storage: new NodeFSStorageAdapter(template) })
  const handles: RepoHandle<Project>[] = []
  for (let d = 0; d < BACKLOG.docs; d++) handles.push(repo.create<Project>())
  await makeOfflineChanges((d, edit) => handles[d]!.change(edit), BACKLOG)
  await repo.flush()
  const expected: HeadsByDoc = Object.fromEntries(handles.map((h) => [h.documentId, headsOf(h.doc())]))
  const ids = handles.map((h) => h.documentId)
  await repo.shutdown()

  const variant: Variant = {
    name: AUTOMERGE_REPO_BACKLOG,
    async run(): Promise<RunResult> {
      const run = await mkdtemp(join(base, 'run-'))
      const [dirA, dirB, serverDir] = ['a', 'b', 'server'].map((n) => join(run, n)) as [string, string, string]
      await cp(template, dirA, { recursive: true })
      const server = await startServer(serverDir)
      const repos: Repo[] = []
      try {
        const repoA = new Repo({ storage: new NodeFSStorageAdapter(dirA) })
        repos.push(repoA)
        await Promise.all(ids.map((id) => repoA.find<Project>(id as DocumentId))) // loaded before the clock starts
        settle()
        const held = server.nextReply()
        server.send({ type: 'await', heads: expected })
        const push = await time(async () => {
          repoA.networkSubsystem.addNetworkAdapter(new WebSocketClientAdapter(server.url))
          await held
        })
        settle()
        const pull = await time(async () => {
          const repoB = new Repo({ network: [new WebSocketClientAdapter(server.url)], storage: new NodeFSStorageAdapter(dirB) })
          repos.push(repoB)
          await Promise.all(ids.map((id) => repoB.find(id as DocumentId)))
          await whenRepoHolds(repoB, expected, 600_000)
          await repoB.flush()
        })
        return { ms: { push: push.ms, pull: pull.ms, total: push.ms + pull.ms }, counts: { 'bytes stored': await folderBytes(serverDir) } }
      } finally {
        for (const r of repos) await r.shutdown()
        await server.stop()
        // Sync states are saved on a throttle that shutdown() does not cancel: let them land first.
        await new Promise((resolve) => setTimeout(resolve, 300))
        await rm(run, { recursive: true, force: true })
      }
    },
  }
  return { variant, dispose: () => rm(base, { recursive: true, force: true }) }
}
