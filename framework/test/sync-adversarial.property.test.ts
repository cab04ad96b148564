// Seeded adversarial property over the whole sync path, with real workspaces: honest members
// edit and sync on partial views; a hostile member (a writer, later demoted or removed) signs
// whatever its keys can — envelopes at any number, under other members' actors, markers
// announcing anything, snapshots claiming anything, envelopes sent straight over the relay —
// while a hostile storage drops, rolls back, replays, duplicates and inflates files. After
// every run, once storage behaves again:
//
// 1. every envelope an honest writer or admin applied was written within a window its author's
//    role allowed, per the membership reference model (support/membership-model.ts) — a reader
//    that applied a relayed envelope before it learned of its author's demotion keeps it in its
//    own documents (it cannot acknowledge, and it spreads nothing: THREAT_MODEL's known gaps) —
//    and no change in any honest document carries a name its device did not write;
// 2. honest members converge (same documents, same heads);
// 3. each honest sync's reads stay within a bound proportional to the honest data.
//
// `npm test` runs 40 cases (each a small team of real workspaces); `npm run fuzz` runs
// CLIENTFUL_FUZZ_RUNS / 10 of them. The rules alone run 500+ cases in membership-adversarial.

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as A from '@automerge/automerge'
import { createMemoryStorage } from '@clientful/storage-memory'
import { compressBatch, encodeChangeBatch } from '../src/format/change-batch.ts'
import { createMarker } from '../src/format/marker.ts'
import { paths } from '../src/format/paths.ts'
import { sealSnapshot } from '../src/format/snapshot.ts'
import { changeMeta } from '../src/docs/change-meta.ts'
import { parseMemberEntry } from '../src/membership/parse-entry.ts'
import type { MemberEntry } from '../src/membership/entries.ts'
import { tooLarge } from '../src/storage/storage-error.ts'
import type { ReadOptions, UserStorage } from '../src/storage/user-storage.ts'
import { receiveRelayEnvelope } from '../src/sync/receive-relay-envelope.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { chainFor, forgeEnvelope } from './support/forge.ts'
import { encodeEnvelope, envelopeHeader, sealEnvelope } from '../src/format/envelope.ts'
import { contains, modelMembership } from './support/membership-model.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

const RUNS = process.env.CLIENTFUL_FUZZ_RUNS === undefined ? 40 : Math.max(40, Math.floor(Number(process.env.CLIENTFUL_FUZZ_RUNS) / 10))
const SEED = Number(process.env.CLIENTFUL_FUZZ_SEED ?? (process.env.CLIENTFUL_FUZZ_RUNS === undefined ? 0x5eed5 : Date.now() % 2 ** 31))

type Tasks = Record<string, string>

/**
 * What storage does wrong, on top of what devices uploaded; `heal` ends it and puts every
 * upload back (storage faults are transient here: a member withholding what it showed others
 * over the relay is the separate gap docs/THREAT_MODEL.md names).
 */
function hostileStorage(location: string) {
  const inner = createMemoryStorage(location)
  const honest = new Map<string, Uint8Array>()
  const inflated = new Set<string>()
  let misbehaving = true
  let reads = 0
  const storage: UserStorage = {
    location,
    async read(path: string, options?: ReadOptions) {
      reads++
      if (misbehaving && inflated.has(path) && options?.maxBytes !== undefined) throw tooLarge(location, path, 2 ** 34, options.maxBytes)
      return inner.read(path, options)
    },
    async write(path: string, data: Uint8Array) {
      honest.set(path, data.slice())
      await inner.write(path, data)
    },
    delete: (path) => inner.delete(path),
    list: (prefix, options) => inner.list(prefix, options),
  }
  return {
    storage,
    inner,
    /** An upload by the hostile member (kept through faults like any upload). */
    async upload(path: string, data: Uint8Array) {
      honest.set(path, data.slice())
      await inner.write(path, data)
    },
    inflate: (path: string) => void inflated.add(path),
    async heal() {
      misbehaving = false
      for (const [path, data] of honest) await inner.write(path, data)
    },
    reads: () => reads,
  }
}

interface Run {
  readonly honest: Workspace[]
  readonly hostile: Workspace
  readonly admin: Workspace
  readonly devices: TestDevice[]
  readonly storage: ReturnType<typeof hostileStorage>
  /** The highest number the hostile member sent over the relay. */
  relayed: number
}

/** Session suffixes of changes no honest device wrote, forged under honest devices' names. */
const FORGED_UNDER_HONEST = 'babe0003'
const FORGED_IN_SNAPSHOT = 'feed0001'

const act = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), who: fc.nat(2), key: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), who: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('demote' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('forge-envelope' as const),
      ahead: fc.oneof(fc.constant(1), fc.nat(5), fc.constant(1e9)),
      asOther: fc.boolean(),
      // Also sent over the relay to one honest device, with the same bytes in storage or a fork.
      relayTo: fc.option(fc.nat(2)),
      fork: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('forge-marker' as const), head: fc.oneof(fc.nat(20), fc.constant(Number.MAX_SAFE_INTEGER)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('forge-snapshot' as const), inflate: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('storage' as const), how: fc.constantFrom('drop', 'rollback', 'replay', 'duplicate', 'inflate'), pick: fc.nat(1000) }) },
)

type Step = typeof act extends fc.Arbitrary<infer T> ? T : never

async function setUp(): Promise<Run> {
  const storage = hostileStorage(`memory://adversarial-${Math.random()}`)
  const open = storageRegistry({ [storage.storage.location]: storage.storage })
  const devices = await Promise.all([0, 1, 2, 3].map(() => createDevice(open, { snapshotEvery: 0 })))
  const admin = await devices[0]!.client.createWorkspace({ name: 'Adversarial', storage: storage.storage.location })
  const writer = await devices[1]!.client.join(await admin.createInvite({ role: 'writer' }))
  const reader = await devices[2]!.client.join(await admin.createInvite({ role: 'reader' }))
  const hostile = await devices[3]!.client.join(await admin.createInvite({ role: 'writer' }))
  for (const ws of [admin, writer, reader, hostile, admin]) await ws.sync()
  return { honest: [admin, writer, reader], hostile, admin, devices, storage, relayed: 0 }
}

async function play(run: Run, step: Step): Promise<void> {
  const { honest, hostile, admin, storage } = run
  const files = async (prefix: string) => (await storage.inner.list(prefix)).filter((p) => p.endsWith('.json'))
  switch (step.kind) {
    case 'edit': {
      const ws = honest[step.who]!
      if (ws.role === 'reader') return
      ;(await ws.doc<Tasks>('tasks')).change((d) => void (d[`k${step.key}`] = `${ws.deviceId.slice(0, 4)}-${step.key}`))
      return
    }
    case 'sync':
      await honest[step.who]!.sync().catch(() => undefined)
      return
    case 'demote':
      if (hostile.role === 'writer') await admin.changeRole(hostile.parts.deps.identity.userId, 'reader').catch(() => undefined)
      return
    case 'remove':
      if (hostile.role !== undefined) await admin.removeMember(hostile.parts.deps.identity.userId).catch(() => undefined)
      return
    case 'forge-envelope': {
      const seq = hostile.parts.outbox.lastSeq + step.ahead
      const bytes = step.asOther ? await forgeUnder(hostile, honest[1]!, seq) : await forgeEnvelope(hostile, seq, 'tasks', `hostile${seq}`, 'from the hostile member', 'babe0001')
      if (step.relayTo !== null) {
        await receiveRelayEnvelope(honest[step.relayTo]!, bytes).catch(() => undefined)
        const stored = step.fork ? await forgeEnvelope(hostile, seq, 'tasks', `hostile${seq}`, 'another version', 'babe0004') : bytes
        await storage.upload(paths.envelope(hostile.id, hostile.deviceId, seq), stored)
        // What it relays it also announces (withholding the marker is the gap THREAT_MODEL names).
        run.relayed = Math.max(run.relayed, seq)
        await storage.upload(paths.marker(hostile.id, hostile.deviceId), await createMarker(hostile.id, hostile.deviceId, run.relayed, Date.now(), hostile.parts.deps.identity.signing.privateKey))
      } else await storage.upload(paths.envelope(hostile.id, hostile.deviceId, seq), bytes)
      return
    }
    case 'forge-marker': {
      const head = Math.max(step.head, run.relayed)
      await storage.upload(paths.marker(hostile.id, hostile.deviceId), await createMarker(hostile.id, hostile.deviceId, head, Date.now(), hostile.parts.deps.identity.signing.privateKey))
      return
    }
    case 'forge-snapshot': {
      const keys = hostile.currentKeys()
      const docId = await hostile.parts.keyring.namer.idForName('tasks')
      const forged = A.change(A.init<Tasks>({ actor: admin.deviceId + FORGED_IN_SNAPSHOT }), (d) => void (d.fromSnapshot = 'forged'))
      const vector = step.inflate ? { [admin.deviceId]: 1e12 } : { [admin.deviceId]: admin.parts.outbox.lastSeq }
      const tips = { [admin.deviceId]: admin.parts.outbox.tip || '0'.repeat(64) }
      const bytes = await sealSnapshot({ ws: hostile.id, device: hostile.deviceId, epoch: keys.id, at: Date.now(), vector, tips }, await compressBatch(encodeChangeBatch([{ docId, changes: [A.save(forged)] }])), keys.content, hostile.parts.deps.identity.signing.privateKey)
      await storage.upload(paths.snapshot(hostile.id, hostile.deviceId), bytes)
      return
    }
    case 'storage': {
      const all = [...(await files(`${admin.id}/log/`)), ...(await files(`${admin.id}/devices/`)), ...(await files(`${admin.id}/snapshots/`))]
      const path = all[step.pick % Math.max(all.length, 1)]
      if (!path) return
      if (step.how === 'drop') await storage.inner.delete(path)
      if (step.how === 'inflate') storage.inflate(path)
      if (step.how === 'rollback' || step.how === 'replay' || step.how === 'duplicate') {
        const other = all[(step.pick * 7 + 3) % all.length]!
        const bytes = await storage.inner.read(other)
        if (bytes) await storage.inner.write(step.how === 'duplicate' ? `${path}.copy.json` : path, bytes)
      }
      return
    }
  }
}

/** An envelope the hostile member signs whose change claims an honest device's actor. */
async function forgeUnder(hostile: Workspace, victim: Workspace, seq: number): Promise<Uint8Array> {
  const change = A.getLastLocalChange(A.change(A.init<Tasks>({ actor: victim.deviceId + FORGED_UNDER_HONEST }), (d) => void (d.forged = 'under an honest name')))!
  const keys = hostile.currentKeys()
  const docId = await hostile.parts.keyring.namer.idForName('tasks')
  const file = await sealEnvelope(envelopeHeader(hostile.id, hostile.deviceId, seq, keys.id, chainFor(hostile, seq)), encodeChangeBatch([{ docId, changes: [change] }]), keys.content, hostile.parts.deps.identity.signing.privateKey)
  return encodeEnvelope(file)
}

async function entriesOf(storage: UserStorage, ws: string): Promise<Map<string, MemberEntry>> {
  const entries = new Map<string, MemberEntry>()
  for (const path of await storage.list(paths.membersPrefix(ws))) {
    const parsed = parseMemberEntry((await storage.read(path))!)
    if (parsed.ok) entries.set(path.slice(paths.membersPrefix(ws).length, -'.json'.length), parsed.value)
  }
  return entries
}

describe('the sync path against hostile members and storage', () => {
  it(`holds the write-window invariant, converges and bounds reads (${RUNS} seeded runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(act, { minLength: 6, maxLength: 16 }), async (steps) => {
        const run = await setUp()
        try {
          for (const step of steps) await play(run, step)
          await run.storage.heal()
          // Honest devices upload again what storage lost (their next sessions check their logs).
          for (let i = 0; i < run.honest.length; i++) {
            run.devices[i] = await run.devices[i]!.reopen()
            ;(run.honest as Workspace[])[i] = await run.devices[i]!.client.workspace(run.admin.id)
          }
          for (let round = 0; round < 3; round++) {
            for (const ws of run.honest) {
              const before = run.storage.reads()
              await ws.sync()
              const known = [...ws.membership.devices.keys()].length
              const honestEnvelopes = run.honest.reduce((sum, h) => sum + h.parts.outbox.lastSeq, 0)
              // 3. Reads per sync: listings' worth of small files plus what honest devices wrote.
              expect(run.storage.reads() - before).toBeLessThanOrEqual(64 + 4 * known + 2 * honestEnvelopes + 2 * 8)
            }
          }

          // 1. Windows, per the reference model of the rules.
          const state = run.honest[0]!.parts.membership.state
          const founder = state.genesis.founder
          const model = modelMembership({ id: founder.id, user: founder.user }, await entriesOf(run.storage.inner, run.admin.id), state.order)
          for (const ws of run.honest) {
            if (ws.role === 'reader') continue
            for (const [device, applied] of await ws.parts.progress.all()) {
              const allowed = model.devices.get(device)?.allowed ?? []
              for (const [a, b] of applied.toJSON()) for (let seq = a; seq <= Math.min(b, a + 50); seq++) expect(contains(allowed, seq), `${device.slice(0, 8)}#${seq}`).toBe(true)
            }
          }
          for (const ws of run.honest) {
            // Nobody's name on a change they did not write.
            const doc = (await ws.findDoc<Tasks>('tasks'))?.doc()
            for (const change of doc ? A.getAllChanges(doc) : []) {
              const { actor } = changeMeta(change)
              expect(actor.endsWith(FORGED_UNDER_HONEST) || actor.endsWith(FORGED_IN_SNAPSHOT), `a change forged under ${actor.slice(0, 8)} was applied`).toBe(false)
            }
          }

          // 2. Convergence of the honest writers and admins — and where the hostile device made
          //    that impossible (a fork, something shown over the relay and withheld, a cut applied
          //    late), every device that differs says so in its status (never silent). Readers hold
          //    everything the writers hold, or say why not.
          const views = await Promise.all(run.honest.map(async (ws) => (await ws.findDoc<Tasks>('tasks'))?.doc()))
          const heads = views.map((d) => (d ? [...A.getHeads(d)].sort().join() : ''))
          const writers = run.honest.map((ws, i) => ({ ws, i })).filter(({ ws }) => ws.role !== 'reader')
          const counts = new Map<string, number>()
          for (const { i } of writers) counts.set(heads[i]!, (counts.get(heads[i]!) ?? 0) + 1)
          const majority = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ''
          const explains = (ws: Workspace) => ws.status.problems.some((p) => p.kind !== 'own-log-repaired')
          for (const { ws, i } of writers) {
            if (heads[i] !== majority) expect(explains(ws), `device ${i} diverged without saying why: ${JSON.stringify(ws.status.problems)}`).toBe(true)
          }
          for (const [i, ws] of run.honest.entries()) {
            if (ws.role !== 'reader' || !majority) continue
            expect(explains(ws) || A.hasHeads(views[i]!, majority.split(',')), `reader ${i} misses what the writers hold`).toBe(true)
          }
        } finally {
          for (const device of run.devices) await device.close()
        }
      }),
      { numRuns: RUNS, seed: SEED },
    )
  }, RUNS * 15_000)
})
