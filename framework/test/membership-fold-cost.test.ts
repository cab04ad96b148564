// What folding costs as the log grows, in steps that do not depend on the machine: one pass,
// O(n log n) queue work, whatever the shape — a long chain, thousands of concurrent entries, or
// a member who adds and removes device after device.

import { beforeAll, describe, expect, it } from 'vitest'
import { keyPairFromSeed } from '../src/crypto/keys.ts'
import { certifyDevice } from '../src/identity/device-identity.ts'
import { hashRecord, signEntry, type EntryBodies, type MemberEntry, type MemberEntryType } from '../src/membership/entries.ts'
import { emptyFoldStats, foldMembership, type FoldStats, type SignatureCache } from '../src/membership/fold.ts'
import { createKeyPool, type KeyPool } from './support/membership-key-pool.ts'
import { toHex } from '../src/util/bytes.ts'

interface Log {
  readonly entries: Map<string, MemberEntry>
  add<T extends MemberEntryType>(device: number, type: T, body: EntryBodies[T], parents: readonly string[]): Promise<string>
}

function newLog(pool: KeyPool): Log {
  const entries = new Map<string, MemberEntry>()
  const ws = pool.genesisHash.slice(0, 32)
  return {
    entries,
    async add(device, type, body, parents) {
      const author = toHex(pool.devices[device]!.signing.publicKey)
      const entry = (await signEntry({ ws, type, parents, author, body, at: entries.size }, pool.devices[device]!.signing.privateKey)) as MemberEntry
      const hash = await hashRecord(entry)
      entries.set(hash, entry)
      return hash
    },
  }
}

async function measure(pool: KeyPool, entries: Map<string, MemberEntry>): Promise<{ stats: FoldStats; ms: number }> {
  const cache: SignatureCache = new Map()
  await foldMembership(pool.genesisHash, pool.genesis, entries, cache) // signatures checked once, as a device's cache does
  const stats = emptyFoldStats()
  const started = performance.now()
  await foldMembership(pool.genesisHash, pool.genesis, entries, cache, stats)
  return { stats, ms: performance.now() - started }
}

const nLogN = (n: number): number => n * Math.log2(n)

/** A seed no other key in these tests uses. */
const uniqueSeed = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? k & 0xff : i === 1 ? (k >> 8) & 0xff : 0xc5))

describe('the cost of folding', () => {
  let pool: KeyPool
  beforeAll(async () => {
    pool = await createKeyPool()
  })

  it('thousands of concurrent entries: one pass, O(n log n) queue work', async () => {
    const sizes = [1000, 4000]
    const results: { stats: FoldStats; ms: number }[] = []
    for (const n of sizes) {
      const log = newLog(pool)
      // Every grant names only the genesis: all of them are ready at once.
      for (let i = 0; i < n; i++) await log.add(0, 'grant', { lockboxes: [] }, [pool.genesisHash])
      results.push(await measure(pool, log.entries))
    }
    for (const [i, { stats }] of results.entries()) {
      expect(stats.rounds).toBe(1)
      expect(stats.entriesFolded).toBe(sizes[i])
      expect(stats.queueOperations).toBeLessThanOrEqual(2 * sizes[i]! + 2)
    }
    // Four times the entries cost about four times the time, not sixteen.
    expect(results[1]!.ms).toBeLessThan(Math.max(results[0]!.ms * 10, 400))
    console.log(`concurrent: ${sizes.map((n, i) => `${n} entries ${results[i]!.ms.toFixed(0)} ms`).join(', ')}`)
  }, 120_000)

  it('a member who adds and removes device after device: one pass, bounded ancestry walks', async () => {
    const log = newLog(pool)
    const user = pool.users[0]!
    const devices = 12
    let head = pool.genesisHash
    for (let round = 0; round < 40; round++) {
      for (let d = 1; d < devices; d++) {
        // A fresh device record each round (the same keys cannot be added twice).
        const signing = await keyPairFromSeed('Ed25519', uniqueSeed(round * devices + d))
        const record = await certifyDevice(user, signing, pool.devices[d]!.box)
        head = await log.add(0, 'add-device', { device: record }, [head])
        head = await log.add(0, 'remove-device', { device: record.id, cutoff: 0 }, [head])
      }
    }
    const n = log.entries.size
    const { stats, ms } = await measure(pool, log.entries)
    expect(stats.rounds).toBe(1)
    expect(stats.queueOperations).toBeLessThanOrEqual(4 * n)
    expect(stats.ancestryVisits).toBe(0) // the removed devices never wrote: nothing to walk
    console.log(`device churn: ${n} entries ${ms.toFixed(0)} ms`)
  }, 120_000)

  it('devices that write while they are being removed: their entries voided in one more pass', async () => {
    const log = newLog(pool)
    const ws = pool.genesisHash.slice(0, 32)
    let heads = [pool.genesisHash]
    const devices = 200
    for (let i = 0; i < devices; i++) {
      const key = await keyPairFromSeed('Ed25519', uniqueSeed(10_000 + i))
      const record = await certifyDevice(pool.users[0]!, key, pool.devices[1]!.box)
      const added = await log.add(0, 'add-device', { device: record }, heads)
      // The new device writes, and concurrently the founder removes it (it never saw the entry).
      const entry = (await signEntry({ ws, type: 'grant', parents: [added], author: record.id, body: { lockboxes: [] }, at: i }, key.privateKey)) as MemberEntry
      const written = await hashRecord(entry)
      log.entries.set(written, entry)
      const removed = await log.add(0, 'remove-device', { device: record.id, cutoff: 0 }, [added])
      heads = [written, removed]
    }
    const n = log.entries.size
    const { stats, ms } = await measure(pool, log.entries)
    const state = await foldMembership(pool.genesisHash, pool.genesis, log.entries)
    expect([...state.refused.values()].filter((r) => /removal of its author/.test(r)).length).toBe(devices)
    expect(stats.rounds).toBeLessThanOrEqual(2)
    expect(stats.queueOperations).toBeLessThanOrEqual(stats.rounds * 4 * n)
    expect(stats.ancestryVisits).toBeLessThanOrEqual(stats.rounds * 4 * n)
    console.log(`writes during removal: ${n} entries ${ms.toFixed(0)} ms, ${stats.rounds} passes, ${stats.ancestryVisits} ancestry steps`)
  }, 120_000)

  it('a long honest chain of 8,000 entries folds in one pass', async () => {
    const log = newLog(pool)
    let head = pool.genesisHash
    for (let i = 0; i < 8000; i++) head = await log.add(0, 'grant', { lockboxes: [] }, [head])
    const { stats, ms } = await measure(pool, log.entries)
    expect(stats.rounds).toBe(1)
    expect(stats.queueOperations).toBeLessThanOrEqual(2 * 8000)
    expect(stats.queueOperations).toBeLessThan(nLogN(8000))
    expect(ms).toBeLessThan(5000)
    console.log(`chain: 8000 entries ${ms.toFixed(0)} ms`)
  }, 120_000)
})
