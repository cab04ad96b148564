// Conformance case for overwrite atomicity: a reader racing a writer must get the old or the
// new file whole. Sync reads files other devices are rewriting (markers, snapshots), so a
// torn read would look like corruption or a forged signature.

import type { ConformanceCaseBodies } from './storage-conformance-case.ts'
import { bytesEqual, check, patternBytes } from './storage-conformance-checks.ts'

const READERS = 3
const OVERWRITES = 6

export const concurrencyCases: ConformanceCaseBodies = {
  'concurrent readers see the old or the new file whole, never a torn one': async (storage, dir) => {
    const path = `${dir}rewritten.json`
    // Different lengths and contents, so truncation and any mix of the two show up.
    const versions = [patternBytes(1 << 20, 11), patternBytes((1 << 20) + 4099, 22)] as const
    await storage.write(path, versions[0])

    let writing = true
    const writer = async (): Promise<void> => {
      try {
        for (let i = 1; i <= OVERWRITES; i++) await storage.write(path, versions[i % 2]!)
      } finally {
        writing = false
      }
    }
    const reader = async (id: number): Promise<void> => {
      // At least two reads each, however fast the writer is.
      for (let reads = 0; writing || reads < 2; reads++) {
        const got = await storage.read(path)
        check(got !== undefined, `reader ${id}: the file vanished during an overwrite`)
        const whole = versions.some((version) => bytesEqual(got, version))
        check(whole, `reader ${id}: read ${got.length} bytes matching neither version (torn read)`)
      }
    }
    await Promise.all([writer(), ...Array.from({ length: READERS }, (_, id) => reader(id))])
  },
}
