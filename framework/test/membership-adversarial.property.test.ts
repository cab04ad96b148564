// Seeded adversarial property: honest members act on partial views while hostile members —
// any role, removed or not — sign every entry their keys can. After every run:
//
// 1. A reference model of the rules written apart from the fold (support/membership-model.ts)
//    agrees that every entry the fold applied was allowed, and every sequence number the fold
//    lets a device write is one its user's role granted (or a writer re-admitted after a cut).
// 2. Every replica folding the same entries, delivered in any order, reaches the same state;
//    screening (verify before store) accepts every entry whatever order they arrive in.
// 3. Work stays bounded: one pass per loss at most, O(n log n) queue work per pass.
//
// `npm test` runs 500 cases; `npm run fuzz` runs CLIENTFUL_FUZZ_RUNS (default 20,000).
// A failure prints fast-check's seed and path; CLIENTFUL_FUZZ_SEED replays it.

import { beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { MemberEntry } from '../src/membership/entries.ts'
import { Admissions } from '../src/membership/admissions.ts'
import { emptyFoldStats, foldMembership, type SignatureCache } from '../src/membership/fold.ts'
import { screenEntries } from '../src/membership/screen-entries.ts'
import { windowFor, type MembershipState } from '../src/membership/state.ts'
import { contains, modelMembership } from './support/membership-model.ts'
import { createKeyPool, type KeyPool } from './support/membership-key-pool.ts'
import { anyAct, playHistory } from './support/membership-sim.ts'
import { seeded } from './support/random.ts'

const RUNS = Number(process.env.CLIENTFUL_FUZZ_RUNS ?? 500)
// Fixed in `npm test`; a fresh seed per fuzzing session (printed, and in any failure).
const SEED = Number(process.env.CLIENTFUL_FUZZ_SEED ?? (process.env.CLIENTFUL_FUZZ_RUNS === undefined ? 0x5eed : Date.now() % 2 ** 31))


function summary(state: MembershipState): string {
  return JSON.stringify({
    order: state.order,
    refused: [...state.refused.keys()].sort(),
    waiting: [...state.waiting].sort(),
    epoch: state.currentEpoch,
    members: [...state.members.values()].map((m) => [m.userId, m.role, m.removed, [...m.devices].sort()]).sort(),
    devices: [...state.devices.entries()].map(([id, d]) => [id, d.removed, d.windows]).sort(),
    invites: [...state.invites.values()].map((i) => [i.hash, i.used, i.revoked]).sort(),
    lockboxes: [...state.epochs.values()].map((e) => [e.id, [...e.lockboxes].sort(), [...e.holders].sort()]).sort(),
  })
}

/** Sequence numbers where either side's windows change, and around them. */
function probes(windows: readonly { from: number }[], model: readonly (readonly [number, number])[]): number[] {
  const points = new Set([1, 2, 1e12, 1e12 + 1])
  for (const w of windows) for (const p of [w.from - 1, w.from, w.from + 1]) points.add(p)
  for (const [a, b] of model) for (const p of [a - 1, a, b - 1, b]) if (Number.isFinite(p)) points.add(p)
  return [...points].filter((p) => p >= 1)
}

describe('membership against hostile members (property)', () => {
  let pool: KeyPool
  beforeAll(async () => {
    pool = await createKeyPool()
  })

  it(`matches a reference model of the rules, converges in any delivery order, and stays bounded (${RUNS} runs)`, async () => {
    const founder = { id: pool.genesis.founder.id, user: pool.genesis.founder.user }
    // What the runs exercised: the generator must keep reaching the rules that matter.
    const seen = { entries: 0, acksApplied: 0, acksRefused: 0, rolesApplied: 0, removalsApplied: 0, voided: 0, cutWindows: 0 }
    await fc.assert(
      fc.asyncProperty(fc.array(anyAct, { minLength: 8, maxLength: 36 }), fc.integer(), async (acts, orderSeed) => {
        const cache: SignatureCache = new Map()
        const { entries } = await playHistory(pool, acts, cache)
        const stats = emptyFoldStats()
        const state = await foldMembership(pool.genesisHash, pool.genesis, entries, cache, stats)
        count(seen, entries, state)

        // 1. The reference model: nothing applied that the rules forbid, no write they did not grant.
        const model = modelMembership(founder, entries, state.order)
        expect(model.violations).toEqual([])
        for (const [id, device] of state.devices) {
          const allowed = model.devices.get(id)?.allowed ?? []
          for (const seq of probes(device.windows, allowed)) {
            const folded = windowFor(device.windows, seq)?.write ?? false
            if (folded) expect(contains(allowed, seq), `${id.slice(0, 8)}#${seq} writable, not granted by the model`).toBe(true)
            expect(folded, `${id.slice(0, 8)}#${seq}`).toBe(contains(allowed, seq))
          }
        }

        // 2. Any delivery order, folding as entries arrive, ends in the same state.
        const reference = summary(state)
        const random = seeded(orderSeed)
        const delivered = new Map<string, MemberEntry>()
        for (const hash of random.shuffle([...entries.keys()])) {
          delivered.set(hash, entries.get(hash)!)
          if (random.next() < 0.2) await foldMembership(pool.genesisHash, pool.genesis, delivered, cache)
        }
        expect(summary(await foldMembership(pool.genesisHash, pool.genesis, delivered, new Map()))).toBe(reference)
        expect(await screenedInBatches(pool, entries, random)).toBe(entries.size)

        // 3. Bounded work.
        const n = Math.max(entries.size, 1)
        const losses = [...entries.values()].filter((e) => e.type === 'role' || e.type === 'remove-member' || e.type === 'remove-device').length
        expect(stats.rounds).toBeLessThanOrEqual(1 + losses)
        expect(stats.entriesFolded).toBeLessThanOrEqual(stats.rounds * n)
        expect(stats.queueOperations).toBeLessThanOrEqual(stats.rounds * 6 * n)
        expect(stats.ancestryVisits).toBeLessThanOrEqual(stats.rounds * losses * n)
      }),
      { numRuns: RUNS, seed: SEED },
    )
    if (process.env.CLIENTFUL_FUZZ_RUNS !== undefined) console.log(`seed ${SEED}: ${JSON.stringify(seen)}`)
    expect(seen.entries).toBeGreaterThan(RUNS * 5)
    expect(seen.acksApplied).toBeGreaterThan(RUNS / 20)
    expect(seen.acksRefused).toBeGreaterThan(RUNS / 5)
    expect(seen.rolesApplied).toBeGreaterThan(RUNS / 20)
    expect(seen.voided).toBeGreaterThan(RUNS / 2)
    expect(seen.cutWindows).toBeGreaterThan(RUNS / 5)
  }, Math.max(120_000, RUNS * 60))
})

function count(seen: Record<string, number>, entries: ReadonlyMap<string, MemberEntry>, state: MembershipState): void {
  seen.entries! += entries.size
  for (const [hash, entry] of entries) {
    const applied = !state.refused.has(hash)
    if (entry.type === 'ack') seen[applied ? 'acksApplied' : 'acksRefused']!++
    if (entry.type === 'role' && applied) seen.rolesApplied!++
    if ((entry.type === 'remove-member' || entry.type === 'remove-device') && applied) seen.removalsApplied!++
    if (/concurrent with or after/.test(state.refused.get(hash) ?? '')) seen.voided!++
  }
  seen.cutWindows! += [...state.devices.values()].filter((d) => d.windows.some((w) => w.cut)).length
}

/**
 * Screens the entries in random batches, as pulls would deliver them, re-screening what
 * waited once its author or invite is admitted; returns how many were accepted in the end.
 */
async function screenedInBatches(pool: KeyPool, entries: ReadonlyMap<string, MemberEntry>, random: ReturnType<typeof seeded>): Promise<number> {
  const admissions = new Admissions(pool.genesis)
  const waiting = new Map<string, { hash: string; entry: MemberEntry }[]>()
  const queue = random.shuffle([...entries].map(([hash, entry]) => ({ hash, entry })))
  let accepted = 0
  const cache: SignatureCache = new Map()
  while (queue.length > 0) {
    const batch = queue.splice(0, 1 + random.int(6))
    for (const verdict of await screenEntries(batch, pool.genesisHash.slice(0, 32), admissions, cache)) {
      if (verdict.kind === 'accepted') {
        accepted++
        const entry = verdict.entry
        const admitted = entry.type === 'invite' ? verdict.hash : entry.type === 'join' || entry.type === 'add-device' ? entry.body.device.id : undefined
        if (admitted) {
          queue.push(...(waiting.get(admitted) ?? []))
          waiting.delete(admitted)
        }
      } else if (verdict.kind === 'deferred') {
        const list = waiting.get(verdict.waitsOn) ?? []
        list.push({ hash: verdict.hash, entry: entries.get(verdict.hash)! })
        waiting.set(verdict.waitsOn, list)
      } else throw new Error(`screening refused ${verdict.hash.slice(0, 8)}: ${verdict.detail}`)
    }
  }
  return accepted
}
