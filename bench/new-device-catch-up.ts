// A new device joins a team's workspace (team-workspace.ts) and does its first sync: how long
// until it holds everything, and what it asked of storage on the way (the cost a user pays).
// `join` = join(invite): genesis, membership, the join entry; `first sync` = sync(): snapshot
// (when there is one), markers, envelopes, verify, apply, persist. Each run meets a fresh copy
// of the same template, with or without its snapshot.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import { openNodeClient } from 'clientful/node'
import { countingStorage, emptyTally, requestsIn } from './counting-storage.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { settle } from './settle.ts'
import type { StorageBackend } from './storage-backends.ts'
import { buildTeamWorkspace, type TeamWorkspace } from './team-workspace.ts'

export type Start = 'log only' | 'snapshot'

/** One variant per backend and start; `team` builds the shared template on first use. */
export function newDeviceCatchUp(backend: StorageBackend, start: Start, team: () => Promise<TeamWorkspace>): Variant {
  return { name: newDeviceVariantName(backend, start), run: async () => runOnce(backend, start, await team()) }
}

export function newDeviceVariantName(backend: StorageBackend, start: Start): string {
  return `new device, ${backend.name}, ${start}`
}

/** The template, built once on first use. */
export function sharedTeamWorkspace(): () => Promise<TeamWorkspace> {
  let built: Promise<TeamWorkspace> | undefined
  return () => (built ??= buildTeamWorkspace())
}

async function runOnce(backend: StorageBackend, start: Start, team: TeamWorkspace): Promise<RunResult> {
  const root = await backend.freshRoot()
  const home = await mkdtemp(join(tmpdir(), 'clientful-bench-newcomer-'))
  const tally = emptyTally()
  await team.copyTo(await root.open(root.url), start === 'snapshot')
  // The invite names the template's URL: the device is pointed at the copy instead, through
  // adapters of its own (no ids or connections cached by the copying).
  const client = await openNodeClient(home, { openStorage: async () => countingStorage(await root.open(root.url), tally) })
  try {
    settle()
    const wire = root.wire && { ...root.wire }
    const joined = await time(() => client.join(team.invite))
    const afterJoin = { ...tally }
    const synced = await time(() => joined.value.sync())

    const { pulled, rejected } = synced.value
    if (rejected.length > 0) throw new Error(`invalid run: ${rejected.length} refused, e.g. ${rejected[0]!.detail}`)
    for (const [name, heads] of team.heads) {
      const doc = await joined.value.findDoc(name)
      if (!doc || A.getHeads(doc.doc()).sort().join() !== heads) throw new Error(`invalid run: ${name} is not up to date on the new device`)
    }

    return {
      ms: {
        join: joined.ms,
        'first sync': synced.ms,
        total: joined.ms + synced.ms,
        'total cpu': joined.cpuMs + synced.cpuMs,
      },
      counts: {
        'envelopes pulled': pulled.envelopes,
        'changes pulled': pulled.changes,
        'join requests': requestsIn(afterJoin),
        requests: requestsIn(tally),
        lists: tally.lists,
        reads: tally.reads,
        writes: tally.writes,
        'bytes read': tally.bytesRead,
        'bytes written': tally.bytesWritten,
        ...(wire && root.wire && { 'http requests': root.wire.requests - wire.requests, 'http writes': root.wire.writes - wire.writes }),
      },
    }
  } finally {
    await client.close()
    await rm(home, { recursive: true, force: true })
    await root.dispose()
  }
}
