// Seeded convergence: random edits on three devices, synced through storage in random orders
// with random partial syncs, always end in the same document on every device.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { forAllSeeds } from './support/random.ts'

type Doc = Record<string, unknown>

describe('convergence through storage', () => {
  let team: Team
  beforeAll(async () => {
    team = await createTeam(['writer', 'writer'])
  })
  afterAll(() => team.close())

  it('any interleaving of edits and syncs converges (40 seeds)', async () => {
    await forAllSeeds(40, async (random) => {
      const name = `doc-${random.seed}`
      const handles = await Promise.all(team.workspaces.map((ws) => ws.doc<Doc>(name)))
      for (let step = 0; step < 25; step++) {
        const who = random.int(handles.length)
        if (random.next() < 0.3) {
          await team.workspaces[who]!.sync()
          continue
        }
        const key = `k${random.int(6)}`
        handles[who]!.change((d) => {
          const op = random.int(3)
          if (op === 0) d[key] = random.int(1000)
          else if (op === 1) delete d[key]
          else d[key] = { by: who, n: random.int(10) }
        })
      }
      for (let round = 0; round < 2; round++) for (const ws of random.shuffle([...team.workspaces])) await ws.sync()
      const states = handles.map((h) => A.toJS(h.doc()))
      expect(states[1]).toEqual(states[0])
      expect(states[2]).toEqual(states[0])
    })
  })
})
