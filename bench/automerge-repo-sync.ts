// The baseline a user would otherwise pick: automerge-repo with a sync server. Client Repo A
// makes the same offline session (bench/workload.ts) into its NodeFS storage, then
// `push` = A connects to the server over loopback WebSocket until the server holds every
// document at A's heads, flushed to its disk; `pull` = a fresh client Repo B connects, finds
// the 20 documents and holds A's heads, flushed to its disk. No signing, no encryption.

import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { Repo, type DocHandle } from '@automerge/automerge-repo'
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import type { ParentMessage, ServerMessage } from './automerge-repo-server.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { settle } from './settle.ts'
import { headsOf, whenRepoHolds, type HeadsByDoc } from './repo-heads.ts'
import { DOCS, makeOfflineChanges, type Project } from './workload.ts'

const SYNC_STATE_THROTTLE_MS = 100
const SERVER_SCRIPT = fileURLToPath(new URL('./automerge-repo-server.ts', import.meta.url))

export function automergeRepoSync(): Variant {
  return { name: 'automerge-repo sync server', run: runOnce }
}

async function runOnce(): Promise<RunResult> {
  const [serverDir, dirA, dirB] = await Promise.all(['server', 'a', 'b'].map((n) => mkdtemp(join(tmpdir(), `clientful-bench-amrepo-${n}-`))))
  const server = await startServer(serverDir!)
  const repos: Repo[] = []
  try {
    const repoA = new Repo({ storage: new NodeFSStorageAdapter(dirA) }) // no network yet: offline
    repos.push(repoA)
    const handles: DocHandle<Project>[] = []
    for (let d = 0; d < DOCS; d++) handles.push(repoA.create<Project>())
    await makeOfflineChanges((d, edit) => handles[d]!.change(edit))
    await repoA.flush()
    const expected: HeadsByDoc = Object.fromEntries(handles.map((h) => [h.documentId, headsOf(h.doc())]))

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
      await Promise.all(handles.map((h) => repoB.find(h.url)))
      await whenRepoHolds(repoB, expected)
      await repoB.flush()
    })

    // No CPU times: the server's work happens in its own process.
    return {
      ms: { push: push.ms, pull: pull.ms, total: push.ms + pull.ms },
      counts: { 'bytes stored': await folderBytes(serverDir!) },
    }
  } finally {
    for (const repo of repos) await repo.shutdown()
    await server.stop()
    // Sync states are saved on a 100 ms throttle that shutdown() does not cancel: let the last
    // ones land before removing the folders, or they recreate them.
    await delay(SYNC_STATE_THROTTLE_MS * 3)
    for (const dir of [serverDir, dirA, dirB]) await rm(dir!, { recursive: true, force: true })
  }
}

export interface ServerProcess {
  readonly url: string
  send(message: ParentMessage): void
  /** The server's next reply; rejects if it reports a failure or exits. */
  nextReply(): Promise<void>
  stop(): Promise<void>
}

export async function startServer(dir: string): Promise<ServerProcess> {
  const child: ChildProcess = fork(SERVER_SCRIPT, [dir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = once(child, 'exit')
  const [first] = (await Promise.race([once(child, 'message'), exited.then(() => [{ type: 'failed', error: 'exited' }])])) as [ServerMessage]
  if (first.type !== 'listening') throw new Error(`automerge-repo server did not start: ${JSON.stringify(first)}`)
  return {
    url: `ws://127.0.0.1:${first.port}`,
    send: (message) => void child.send(message),
    async nextReply() {
      const [reply] = (await Promise.race([once(child, 'message'), exited.then(() => [{ type: 'failed', error: 'exited' }])])) as [ServerMessage]
      if (reply.type !== 'held') throw new Error(`automerge-repo server: ${JSON.stringify(reply)}`)
    },
    async stop() {
      child.disconnect()
      await exited
    },
  }
}

export async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}
