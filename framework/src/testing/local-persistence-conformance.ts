// The conformance suite of the local persistence seam (local/persistence-adapter.ts): what
// LocalStore and automerge-repo rely on from IndexedDBAdapter, FileStorageAdapter or an app's
// own adapter. Runner-agnostic (each case throws on failure), so vitest in Node and a
// Playwright page in Chromium run the same cases:
//
//   for (const c of localPersistenceConformanceCases()) it(c.name, () => c.run(subject))
//
// `open()` must give a new adapter instance over the same data each call (a reload), starting
// empty for each subject. `blockedKey` (optional) prepares a key this adapter cannot store, for
// the batch cases.

import { LocalStore } from '../local/local-store.ts'
import type { PersistenceAdapter, StorageKey } from '../local/persistence-adapter.ts'
import { check, checkBytes, patternBytes } from './storage-conformance-checks.ts'

export interface LocalPersistenceSubject {
  open(): Promise<PersistenceAdapter>
  /** Makes (with `adapter`) and returns a key whose save fails, e.g. a path below a file. */
  blockedKey?(adapter: PersistenceAdapter): Promise<StorageKey>
}

export interface LocalPersistenceConformanceCase {
  readonly name: string
  readonly run: (subject: LocalPersistenceSubject) => Promise<void>
}

const keysOf = (chunks: readonly { key: StorageKey; data?: Uint8Array | undefined }[]): string[] =>
  chunks
    .filter((c) => c.data !== undefined)
    .map((c) => c.key.join('/'))
    .sort()

const cases: Record<string, (subject: LocalPersistenceSubject) => Promise<void>> = {
  'a missing key loads as undefined': async ({ open }) => {
    const adapter = await open()
    check((await adapter.load(['missing'])) === undefined, 'a key never saved')
    check((await adapter.load(['missing', 'deeper'])) === undefined, 'a key under a missing prefix')
  },

  'save then load returns every byte, in a new instance too (a reload)': async ({ open }) => {
    const adapter = await open()
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    await adapter.save(['ws', 'doc', 'bytes'], all)
    await adapter.save(['ws', 'doc', 'empty'], new Uint8Array(0))
    await adapter.save(['ws', 'doc', 'large'], patternBytes(1024 * 1024, 9))
    for (const reader of [adapter, await open()]) {
      checkBytes(await reader.load(['ws', 'doc', 'bytes']), all, 'all byte values')
      checkBytes(await reader.load(['ws', 'doc', 'empty']), new Uint8Array(0), 'an empty value')
      checkBytes(await reader.load(['ws', 'doc', 'large']), patternBytes(1024 * 1024, 9), 'a 1 MiB value')
    }
  },

  'saving again replaces the whole value, shorter or longer': async ({ open }) => {
    const adapter = await open()
    for (const [length, seed] of [[4096, 1], [10, 2], [70_000, 3]] as const) {
      await adapter.save(['replaced'], patternBytes(length, seed))
      checkBytes(await adapter.load(['replaced']), patternBytes(length, seed), `after saving ${length} bytes`)
    }
  },

  'a key and a longer key sharing its segments live side by side': async ({ open }) => {
    const adapter = await open()
    await adapter.save(['a'], new Uint8Array([1]))
    await adapter.save(['a', 'b'], new Uint8Array([2]))
    await adapter.save(['a', 'b', 'c'], new Uint8Array([3]))
    checkBytes(await adapter.load(['a']), new Uint8Array([1]), '[a]')
    checkBytes(await adapter.load(['a', 'b']), new Uint8Array([2]), '[a, b]')
    checkBytes(await adapter.load(['a', 'b', 'c']), new Uint8Array([3]), '[a, b, c]')
  },

  'remove deletes one key; removing a missing key succeeds': async ({ open }) => {
    const adapter = await open()
    await adapter.save(['r', 'gone'], new Uint8Array([1]))
    await adapter.save(['r', 'kept'], new Uint8Array([2]))
    await adapter.remove(['r', 'gone'])
    await adapter.remove(['r', 'gone'])
    await adapter.remove(['never', 'there'])
    check((await adapter.load(['r', 'gone'])) === undefined, 'a removed key loads as undefined')
    checkBytes(await adapter.load(['r', 'kept']), new Uint8Array([2]), 'its sibling')
    check((await (await open()).load(['r', 'gone'])) === undefined, 'a removed key after a reload')
  },

  'loadRange returns exactly the keys under a prefix, by whole segments': async ({ open }) => {
    const adapter = await open()
    for (const key of [['p'], ['p', 'x'], ['p', 'x', 'y'], ['p', 'z'], ['px'], ['q', 'x']]) await adapter.save(key, new Uint8Array([key.length]))
    const under = keysOf(await adapter.loadRange(['p']))
    check(under.join(',') === ['p', 'p/x', 'p/x/y', 'p/z'].join(','), `loadRange([p]) gave ${under.join(',')}: expected p, p/x, p/x/y, p/z and not px`)
    const chunk = (await adapter.loadRange(['p', 'x'])).find((c) => c.key.join('/') === 'p/x/y')
    checkBytes(chunk?.data, new Uint8Array([3]), 'the data loadRange returns with a key')
    check((await adapter.loadRange(['none'])).length === 0, 'a prefix with nothing under it')
  },

  'removeRange removes exactly the keys under a prefix': async ({ open }) => {
    const adapter = await open()
    for (const key of [['d'], ['d', 'x'], ['d', 'x', 'y'], ['dx'], ['e']]) await adapter.save(key, new Uint8Array([1]))
    await adapter.removeRange(['d'])
    const left = keysOf([...(await adapter.loadRange(['dx'])), ...(await adapter.loadRange(['e'])), ...(await adapter.loadRange(['d']))])
    check(left.join(',') === 'dx,e', `after removeRange([d]): ${left.join(',')}, expected dx, e`)
    await adapter.removeRange(['nothing'])
  },

  'concurrent saves of different keys all land': async ({ open }) => {
    const adapter = await open()
    await Promise.all(Array.from({ length: 50 }, (_, i) => adapter.save(['many', `k${i}`], new Uint8Array([i]))))
    const reloaded = await open()
    for (let i = 0; i < 50; i++) checkBytes(await reloaded.load(['many', `k${i}`]), new Uint8Array([i]), `key k${i}`)
  },

  'LocalStore.putMany writes every entry, in order (the last of two for one key wins)': async ({ open }) => {
    const store = new LocalStore(await open())
    await store.putMany([
      [['batch', 'a'], new Uint8Array([1])],
      [['batch', 'b'], new Uint8Array([2])],
      [['batch', 'a'], new Uint8Array([3])],
    ])
    const reloaded = new LocalStore(await open())
    checkBytes(await reloaded.getBytes(['batch', 'a']), new Uint8Array([3]), 'a key written twice in one batch')
    checkBytes(await reloaded.getBytes(['batch', 'b']), new Uint8Array([2]), 'the other key')
  },

  'a batch that fails part-way: all or none with saveMany, else exactly the entries before the failure': async ({ open, blockedKey }) => {
    if (!blockedKey) return
    const adapter = await open()
    const blocked = await blockedKey(adapter)
    const entries: (readonly [StorageKey, Uint8Array])[] = [
      [['part', 'first'], new Uint8Array([1])],
      [blocked, new Uint8Array([2])],
      [['part', 'after'], new Uint8Array([3])],
    ]
    let failed = false
    if (adapter.saveMany) await adapter.saveMany(entries).catch(() => (failed = true))
    else {
      // LocalStore.putMany's contract without a batch writer: one after another.
      for (const [key, data] of entries) {
        if (failed) break
        await adapter.save(key, data).catch(() => (failed = true))
      }
    }
    check(failed, 'a batch with a key the adapter cannot store must fail')
    const reloaded = await open()
    const first = await reloaded.load(['part', 'first'])
    check((await reloaded.load(['part', 'after'])) === undefined, 'nothing after the failure may be stored')
    if (adapter.saveMany) check(first === undefined, 'saveMany is all or none: the entry before the failure must not be stored')
    else checkBytes(first, new Uint8Array([1]), 'without saveMany the entries before the failure are stored')
  },
}

export function localPersistenceConformanceCases(): LocalPersistenceConformanceCase[] {
  return Object.entries(cases).map(([name, run]) => ({ name, run }))
}
