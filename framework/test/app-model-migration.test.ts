import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { boardV1, boardV2, project, task } from './support/board-model.ts'
import type { Workspace } from '../src/workspace/workspace.ts'

async function syncAll(...workspaces: Workspace[]): Promise<void> {
  for (const ws of workspaces) await ws.sync()
  for (const ws of workspaces) await ws.sync()
}

describe('schema versions and migrations', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('a v1 device offline during the v2 migration: its late v1 data is migrated, and it turns read-only with "update the app"', async () => {
    team = await createTeam(['writer', 'writer'])
    const [a, b, c] = team.workspaces as [Workspace, Workspace, Workspace]
    const onA = await boardV1.open(a)
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    await syncAll(a, b, c)

    const onC = await boardV1.open(c) // still the old app, and offline from here
    const onB = await boardV2.open(b) // the new app migrates on open
    expect(onB.get('task:1')).toMatchObject({ priority: 'normal' })
    expect(onB.handle.doc()['$version:2']).toBe(true)
    expect(onC.put('task:3', task('Check the valve', 'project:1'))).toEqual({ ok: true })

    await b.sync()
    await c.sync() // C uploads its v1 task and learns of version 2
    expect(onC.access).toMatchObject({ writable: false, reason: 'app-outdated' })
    expect(onC.put('task:4', task('Another', 'project:1'))).toMatchObject({ ok: false, reason: 'app-outdated' })
    expect(onC.get('task:1')).toMatchObject({ title: 'Fix the pump' }) // still readable

    await b.sync() // B gets C's v1 task and brings it up to v2
    await onB.settled()
    expect(onB.get('task:3')).toMatchObject({ title: 'Check the valve', priority: 'normal' })
    expect(onB.read().invalid).toEqual([])
    await syncAll(a, b, c)
    const docs = [a, b, c].map(async (ws) => A.toJS((await ws.doc('board')).doc()))
    const [da, db, dc] = await Promise.all(docs)
    expect(da).toEqual(db)
    expect(dc).toEqual(db)
    expect(onB.audit()).toEqual([])
  })

  it('two devices migrating at once end with the same document, nothing doubled, and migrating again changes nothing', async () => {
    team = await createTeam(['writer', 'writer'])
    const [a, b, c] = team.workspaces as [Workspace, Workspace, Workspace]
    const onA = await boardV1.open(a)
    onA.put('project:1', project('Pumps'))
    for (let i = 0; i < 5; i++) onA.put(`task:${i}`, task(`Task ${i}`, 'project:1'))
    await syncAll(a, b, c)

    const onB = await boardV2.open(b)
    const onC = await boardV2.open(c)
    await syncAll(b, c)
    await onB.settled()
    await onC.settled()
    const docB = onB.handle.doc()
    const docC = onC.handle.doc()
    expect(A.toJS(docB)).toEqual(A.toJS(docC))
    expect(onB.read().entries.size).toBe(6)
    // Both wrote each priority: the values agree, so whichever Automerge shows is the same.
    expect(onB.conflicts().length).toBeGreaterThanOrEqual(5)
    for (const conflict of onB.conflicts()) expect(new Set(conflict.values.map((v) => JSON.stringify(v.value))).size).toBe(1)
    const heads = A.getHeads(docB)
    onB.maintain()
    expect(A.getHeads(onB.handle.doc())).toEqual(heads)
    expect(onB.audit()).toEqual([])
  })

  it('a reader with the new app never migrates: it sees old data upgraded on reading only', async () => {
    team = await createTeam(['reader'])
    const [a, reader] = team.workspaces as [Workspace, Workspace]
    const onA = await boardV1.open(a)
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    await syncAll(a, reader)
    const seen = await boardV2.open(reader)
    expect(seen.get('task:1')).toMatchObject({ priority: 'normal' })
    expect(seen.handle.doc()['$version:2']).toBeUndefined()
    expect((seen.handle.doc()['task:1'] as Record<string, unknown>).priority).toBeUndefined()
  })
})
