// A team's workspace as a new device finds it: 5 writers each made 1,000 changes to the same
// 3 documents, in 10 sessions of 100 changes with a sync after each (so 50 envelopes), and
// everyone synced until in step. Built once, in a local folder, as a template; each benchmark
// run copies its files into a fresh root of the backend under test, so every run on every
// backend meets the same files. The template holds one snapshot, by the founder, covering
// everything: runs copy it or leave it out.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import type { DocHandle, UserStorage, Workspace } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { localFolderBackend } from './storage-backends.ts'
import { docName, editFor, type Project } from './workload.ts'

export const TEAM_DEVICES = 5
export const CHANGES_PER_DEVICE = 1_000
export const TEAM_DOCS = 3
const SESSIONS = 10

export interface TeamWorkspace {
  /** A writer invite to the template (each copy holds the same invite, unused). */
  readonly invite: string
  readonly workspaceId: string
  /** Heads of each document once everyone is in step: a caught-up device holds exactly these. */
  readonly heads: ReadonlyMap<string, string>
  /** Copies the template into `to`, with or without its snapshot. */
  copyTo(to: UserStorage, withSnapshot: boolean): Promise<void>
  dispose(): Promise<void>
}

export async function buildTeamWorkspace(): Promise<TeamWorkspace> {
  const root = await localFolderBackend().freshRoot()
  const homes: string[] = []
  const workspaces: Workspace[] = []
  const clients = []
  try {
    for (let d = 0; d < TEAM_DEVICES; d++) {
      homes.push(await mkdtemp(join(tmpdir(), `clientful-bench-team-${d}-`)))
      clients.push(await openNodeClient(homes[d]!, { openStorage: root.open }))
    }
    const founder = await clients[0]!.createWorkspace({ name: 'Bench team', storage: root.url })
    workspaces.push(founder)
    for (const client of clients.slice(1)) workspaces.push(await client.join(await founder.createInvite({ role: 'writer' })))
    const handles: DocHandle<Project>[][] = []
    for (const ws of workspaces) {
      await ws.sync()
      const docs: DocHandle<Project>[] = []
      for (let i = 0; i < TEAM_DOCS; i++) docs.push(await ws.doc<Project>(docName(i)))
      handles.push(docs)
    }

    const perSession = CHANGES_PER_DEVICE / SESSIONS
    for (let session = 0; session < SESSIONS; session++) {
      for (const [d, ws] of workspaces.entries()) {
        for (let i = 0; i < perSession; i++) {
          const n = session * perSession + i
          handles[d]![n % TEAM_DOCS]!.change(editFor(Math.floor(n / TEAM_DOCS)))
        }
        await ws.sync()
      }
    }
    for (const ws of workspaces) await ws.sync() // everyone holds everything

    const storage = await root.open(root.url)
    // Devices publish snapshots on their own every 5,000 changes; keep only the founder's, fresh.
    for (const path of await storage.list(`${founder.id}/snapshots/`)) await storage.delete(path)
    await founder.publishSnapshot()
    const heads = new Map<string, string>()
    for (let i = 0; i < TEAM_DOCS; i++) heads.set(docName(i), A.getHeads(handles[0]![i]!.doc()).sort().join())
    for (const d of workspaces.keys()) {
      for (let i = 0; i < TEAM_DOCS; i++) {
        if (A.getHeads(handles[d]![i]!.doc()).sort().join() !== heads.get(docName(i))) throw new Error(`bench setup: device ${d} is not in step`)
      }
    }

    const invite = await founder.createInvite({ role: 'writer' })
    const files = await storage.list('')
    return {
      invite,
      workspaceId: founder.id,
      heads,
      async copyTo(to, withSnapshot) {
        const wanted = withSnapshot ? files : files.filter((p) => !p.startsWith(`${founder.id}/snapshots/`))
        for (let i = 0; i < wanted.length; i += 8) {
          await Promise.all(wanted.slice(i, i + 8).map(async (path) => to.write(path, (await storage.read(path))!)))
        }
      },
      dispose: () => root.dispose(),
    }
  } catch (error) {
    await root.dispose()
    throw error
  } finally {
    for (const client of clients) await client.close()
    for (const home of homes) await rm(home, { recursive: true, force: true })
  }
}
