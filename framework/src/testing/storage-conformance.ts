// The conformance suite every UserStorage adapter runs against itself. Runner-agnostic: each
// case is a plain async function that throws on failure, so vitest in Node and a Playwright
// page in Chromium run the same cases:
//
//   for (const c of storageConformanceCases()) it(c.name, () => c.run(storage))
//
// Every case works under its own fresh folder prefix, so all cases can share one storage
// (and one bucket) and can run in parallel. Cases leave their files behind for inspection:
// point the suite at a scratch root, never at a user's data.

import type { UserStorage } from '../storage/user-storage.ts'
import { randomHex } from './storage-conformance-checks.ts'
import { concurrencyCases } from './storage-conformance-concurrency.ts'
import { listCases } from './storage-conformance-list.ts'
import { readWriteCases } from './storage-conformance-read-write.ts'
import { tokenCases } from './storage-conformance-tokens.ts'

export interface StorageConformanceCase {
  readonly name: string
  readonly run: (storage: UserStorage) => Promise<void>
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^0-9a-z]+/g, '-').replace(/^-|-$/g, '')
}

/** Fresh cases with a fresh random root, so reruns against persistent storage start clean. */
export function storageConformanceCases(): StorageConformanceCase[] {
  const root = `conformance-${randomHex(6)}/`
  const bodies = { ...readWriteCases, ...listCases, ...tokenCases, ...concurrencyCases }
  return Object.entries(bodies).map(([name, body]) => {
    const dir = `${root}${slug(name)}/`
    return { name, run: (storage: UserStorage) => body(storage, dir) }
  })
}
