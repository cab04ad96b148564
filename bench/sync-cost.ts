// What one sync costs as the team grows: a real device (the founder) in a workspace of 10, 100
// and 1,000 devices (bench/simulated-team.ts) on s3rver, each device with its log and marker
// there. Four variants per size, every one against the same files:
// - `quiet`: nothing changed since the device's last sync;
// - `one change`: one other device pushed one envelope since;
// each with change tokens (the S3 adapter's ETags, as shipped) and without them (the same
// adapter with its listing stripped of tokens: every marker is read and members/ listed on
// every sync, which is what every sync cost before tokens). Requests are calls to the storage
// adapter (a listing of more than 1,000 keys is still one call: the adapter pages it).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clientful, UserStorage, Workspace } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { countingStorage, emptyTally, requestsIn, tallySince, type StorageTally } from './counting-storage.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { addSimulatedDevices, type SimulatedTeam } from './simulated-team.ts'
import { settle } from './settle.ts'
import type { StorageBackend, StorageRoot } from './storage-backends.ts'

export const TEAM_SIZES = [10, 100, 1_000] as const
export type Tokens = 'tokens' | 'no tokens'
export type SyncKind = 'quiet' | 'one change'

export interface SyncCostTeam {
  readonly size: number
  readonly founder: Workspace
  readonly team: SimulatedTeam
  readonly tally: StorageTally
  /** Whether the founder's storage shows change tokens. */
  tokens: boolean
  /** Untimed: how long building it took, and the founder's first sync. */
  readonly setupMs: number
  dispose(): Promise<void>
}

export async function buildSyncCostTeam(backend: StorageBackend, size: number): Promise<SyncCostTeam> {
  const started = performance.now()
  const root: StorageRoot = await backend.freshRoot()
  const home = await mkdtemp(join(tmpdir(), 'clientful-bench-cost-'))
  const tally = emptyTally()
  const fixture = { tokens: true }
  let raw: UserStorage | undefined
  const openStorage = async (url: string): Promise<UserStorage> => {
    const storage = await root.open(url)
    raw ??= storage
    return countingStorage(switchableTokens(storage, fixture), tally)
  }
  const client: Clientful = await openNodeClient(home, { openStorage, snapshotEvery: 0 })
  const founder = await client.createWorkspace({ name: `Team of ${size}`, storage: root.url })
  await founder.sync()
  const team = await addSimulatedDevices(founder, raw!, size)
  // The founder learns of everyone (a pull takes at most 256 entries and 4,096 envelopes per
  // device), until a sync brings nothing and refuses nothing; then it is in step.
  for (let round = 0; ; round++) {
    const report = await founder.sync()
    if (report.pulled.envelopes === 0 && report.rejected.length === 0 && round > 0) break
    if (round > 20) throw new Error(`bench setup: the founder is not in step after ${round} syncs`)
  }
  return Object.assign(fixture, {
    size,
    founder,
    team,
    tally,
    setupMs: performance.now() - started,
    async dispose() {
      await client.close()
      await rm(home, { recursive: true, force: true })
      await root.dispose()
    },
  })
}

/** The adapter as is, or as a storage without change tokens (the listing only). */
function switchableTokens(storage: UserStorage, fixture: { tokens: boolean }): UserStorage {
  return {
    location: storage.location,
    read: (path, options) => storage.read(path, options),
    write: (path, data) => storage.write(path, data),
    delete: (path) => storage.delete(path),
    list: (prefix, options) => storage.list(prefix, options),
    listWithTokens: async (prefix, options) =>
      fixture.tokens && storage.listWithTokens ? storage.listWithTokens(prefix, options) : (await storage.list(prefix, options)).map((path) => ({ path, token: undefined })),
  }
}

export const syncCostVariantName = (size: number, kind: SyncKind, tokens: Tokens): string => `${size.toLocaleString('en')} devices, ${kind}, ${tokens}`

export function syncCostVariant(teamOf: () => SyncCostTeam, kind: SyncKind, tokens: Tokens, size: number): Variant {
  let pushed = 0
  return {
    name: syncCostVariantName(size, kind, tokens),
    async run(): Promise<RunResult> {
      const fixture = teamOf()
      fixture.tokens = tokens === 'tokens'
      // In step first (untimed), as a device that synced a moment ago.
      await fixture.founder.sync()
      if (kind === 'one change') await fixture.team.pushChange(pushed++)
      settle()
      const before = { ...fixture.tally }
      const sync = await time(() => fixture.founder.sync())
      const spent = tallySince(fixture.tally, before)
      const expected = kind === 'one change' ? 1 : 0
      if (sync.value.pulled.envelopes !== expected || sync.value.rejected.length > 0) {
        throw new Error(`invalid run: pulled ${sync.value.pulled.envelopes} envelope(s), expected ${expected}; ${sync.value.rejected.length} refused`)
      }
      return {
        ms: { sync: sync.ms, 'sync cpu': sync.cpuMs },
        counts: { requests: requestsIn(spent), lists: spent.lists, reads: spent.reads, writes: spent.writes, 'bytes read': spent.bytesRead },
      }
    },
  }
}
