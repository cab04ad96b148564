import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { boardV1, project, task } from './support/board-model.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import type { RestoreNotice } from '../src/app-model/index.ts'

const DAY = 86_400_000

describe('trash and restore', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  async function board(roles: Parameters<typeof createTeam>[0] = ['writer']) {
    team = await createTeam(roles)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const onA = await boardV1.open(a)
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    await a.sync()
    await b.sync()
    return { a, b, onA, onB: await boardV1.open(b) }
  }

  it('a deleted entry leaves the board for the trash, and any member restores it', async () => {
    const { a, b, onA, onB } = await board()
    expect(onA.delete('task:1')).toEqual({ ok: true })
    expect(onA.get('task:1')).toBeUndefined()
    expect(onA.read().trash).toEqual([expect.objectContaining({ entry: 'task:1', record: expect.objectContaining({ by: a.membership.devices.get(a.deviceId)!.record.user }) })])
    expect(onA.delete('task:1')).toMatchObject({ ok: false, reason: 'in-trash' })
    expect(onA.update('task:1', () => undefined)).toMatchObject({ ok: false, reason: 'in-trash' })
    // The entry is still in the document: a soft delete, never a removed key.
    expect(onA.handle.doc()['task:1']).toBeDefined()
    await a.sync()
    await b.sync()
    expect(onB.get('task:1')).toBeUndefined()
    expect(onB.restore('task:1')).toEqual({ ok: true })
    await b.sync()
    await a.sync()
    expect(onA.get('task:1')).toMatchObject({ title: 'Fix the pump' })
    expect(onA.read().trash).toEqual([])
  })

  it('an entry deleted on one device while edited on another comes back, with a notice naming the editor', async () => {
    const { a, b, onA, onB } = await board()
    const notices: RestoreNotice[] = []
    onA.on('notice', ({ notice }) => notices.push(notice))
    onA.delete('task:1')
    onB.update('task:1', (t) => void (t.kind === 'task' && (t.title = 'Fix the pump today')))
    await a.sync()
    await b.sync() // B gets the delete of what it edited: back at once
    expect(onB.get('task:1')).toMatchObject({ title: 'Fix the pump today' })
    await onB.settled()
    await b.sync()
    await a.sync()
    await onA.settled()
    expect(onA.get('task:1')).toMatchObject({ title: 'Fix the pump today' })
    expect(onA.read().trash).toEqual([])
    expect(notices).toEqual([{ deletedAt: expect.any(Number), deletedBy: a.membership.devices.get(a.deviceId)!.record.user, editors: [b.deviceId] }])
    expect(A.toJS(onA.handle.doc())).toEqual(A.toJS(onB.handle.doc()))
    expect(onA.audit()).toEqual([])
  })

  it('a reader sees the entry back before any writer made it final', async () => {
    team = await createTeam(['writer', 'reader'])
    const [a, b, reader] = team.workspaces as [Workspace, Workspace, Workspace]
    const onA = await boardV1.open(a, 'board', { upkeep: false })
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    await a.sync()
    await b.sync()
    const onB = await boardV1.open(b, 'board', { upkeep: false })
    onA.delete('task:1')
    onB.update('task:1', (t) => void (t.kind === 'task' && (t.status = 'open')))
    onB.update('task:1', (t) => void (t.kind === 'task' && (t.title = 'Fix it')))
    await a.sync()
    await b.sync()
    await reader.sync()
    const seen = await boardV1.open(reader)
    expect(seen.get('task:1')).toMatchObject({ title: 'Fix it' })
    expect(seen.read().trash).toEqual([])
  })

  it('the trash empties itself when an entry expires, the same on every device, and two purges converge', async () => {
    team = await createTeam(['writer'])
    const [a, b] = team.workspaces as [Workspace, Workspace]
    // Deleted 31 days ago (a change's own time, which peers check a purge against, is real).
    const deletedAt = Date.now() - 31 * DAY
    let now = deletedAt
    const clock = { now: () => now }
    const onA = await boardV1.open(a, 'board', clock)
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    onA.put('task:2', task('Oil the valve', 'project:1'))
    onA.delete('task:1')
    await a.sync()
    await b.sync()
    const onB = await boardV1.open(b, 'board', clock)
    expect(onB.read().trash.map((t) => t.entry)).toEqual(['task:1'])
    now = deletedAt + 29 * DAY
    expect(onA.maintain().purged).toEqual([])
    now = Date.now()
    expect(onA.maintain().purged).toEqual(['task:1'])
    expect(onB.maintain().purged).toEqual(['task:1'])
    await a.sync()
    await b.sync()
    await a.sync()
    expect(A.toJS(onA.handle.doc())).toEqual(A.toJS(onB.handle.doc()))
    expect(onA.handle.doc()['task:1']).toBeUndefined()
    expect(onA.handle.doc()['$trash:task:1']).toBeUndefined()
    expect(onA.get('task:2')).toBeDefined()
    expect(onA.audit()).toEqual([])
  })
})
