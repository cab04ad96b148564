// A device far behind sees how far its catch-up is: envelopes applied of those announced, and
// bytes fetched, in the workspace status while the sync runs; nothing once it is done.

import { afterEach, describe, expect, it } from 'vitest'
import type { PullProgress } from '../src/api/workspace-status.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

describe('catch-up progress', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('counts envelopes and bytes of how many while a device catches up', async () => {
    team = await createTeam(['writer'])
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const tasks = await a.doc<Record<string, string>>('tasks')
    for (let i = 0; i < 30; i++) {
      tasks.change((d) => void (d[`t${i}`] = `task ${i}`))
      await a.seal()
    }
    await a.sync()

    const seen: PullProgress[] = []
    const off = b.on('status', (s) => void (s.catchUp && seen.push(s.catchUp)))
    await b.sync()
    off()
    expect(seen[0]).toMatchObject({ envelopes: 0, bytes: 0 })
    const last = seen.at(-1)!
    expect(last.of).toBeGreaterThanOrEqual(30)
    expect(last.envelopes).toBe(last.of)
    expect(last.bytes).toBeGreaterThan(30 * 100)
    expect(seen.map((p) => p.envelopes)).toEqual([...seen.map((p) => p.envelopes)].sort((x, y) => x - y))
    expect(b.status.catchUp).toBeUndefined()
    expect(Object.keys((await b.doc('tasks')).doc())).toHaveLength(30)
  })
})
