// clientful sync --stats: the storage requests a sync made, on its last line. (What a sync
// costs, counted on the wire: framework/test/sync-cost.test.ts.)

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ok } from './support/cli.ts'

describe('clientful sync --stats', () => {
  it('prints the storage requests of the sync on its last line; a second quiet run costs the same', async () => {
    const root = await mkdtemp(join(tmpdir(), 'clientful-stats-'))
    try {
      const home = (name: string) => join(root, name)
      const ws = (await ok(['workspace', 'create', '--home', home('a'), '--name', 'Stats', '--storage', `file://${join(root, 'storage')}`])).last
      await ok(['join', '--home', home('b'), (await ok(['invite', '--home', home('a'), '--workspace', ws])).last])
      await ok(['put', '--home', home('a'), '--workspace', ws, '--doc', 'notes', 'k', '"v"'])
      for (const name of ['a', 'b', 'a', 'b']) await ok(['sync', '--home', home(name)])
      const quiet = await ok(['sync', '--home', home('b'), '--stats'])
      const [, total] = /^requests: (\d+)$/.exec(quiet.last) ?? []
      const parts = /storage: (\d+) list\(s\), (\d+) read\(s\), (\d+) write\(s\), (\d+) delete\(s\)/.exec(quiet.stdout)!.slice(1).map(Number)
      expect(Number(total)).toBe(parts.reduce((a, b) => a + b, 0))
      // A run of the CLI is a session: it opens the location (its marker, the genesis) and lists
      // members/ and its own log once; no marker is read and nothing is written.
      expect(parts[2]).toBe(0)
      expect((await ok(['sync', '--home', home('b'), '--stats'])).last).toBe(quiet.last)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
