// A child process running what automerge-repo users deploy as their sync server: a Repo with
// NodeWSServerAdapter and NodeFSStorageAdapter that shares nothing unasked (sharePolicy
// false). Its own process, like a real server. Protocol over IPC:
//   child → parent { type: 'listening', port }
//   parent → child { type: 'await', heads }   child → parent { type: 'held' } once it holds
//   those heads and has flushed them to disk.

import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { Repo } from '@automerge/automerge-repo'
import { NodeWSServerAdapter } from '@automerge/automerge-repo-network-websocket'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import { whenRepoHolds, type HeadsByDoc } from './repo-heads.ts'

export type ServerMessage = { type: 'listening'; port: number } | { type: 'held' } | { type: 'failed'; error: string }
export type ParentMessage = { type: 'await'; heads: HeadsByDoc }

const dir = process.argv[2]
if (!dir) throw new Error('usage: automerge-repo-server.ts STORAGE_DIR')

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
await once(wss, 'listening')
// ws's types and isomorphic-ws's disagree (TOOLCHAIN.md); the object is the same.
const repo = new Repo({
  network: [new NodeWSServerAdapter(wss as never)],
  storage: new NodeFSStorageAdapter(dir),
  sharePolicy: async () => false,
})

const send = (message: ServerMessage): void => void process.send!(message)
process.on('message', (message: ParentMessage) => {
  if (message.type !== 'await') return
  whenRepoHolds(repo, message.heads, 600_000)
    .then(() => repo.flush())
    .then(
      () => send({ type: 'held' }),
      (error: unknown) => send({ type: 'failed', error: String(error) }),
    )
})
process.on('disconnect', () => process.exit(0))
send({ type: 'listening', port: (wss.address() as AddressInfo).port })
