import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { boardV1, INBOX, project, task } from './support/board-model.ts'
import type { Workspace } from '../src/workspace/workspace.ts'

const DAY = 86_400_000

describe('invariants repaired after merges, and concurrent values', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('orphans of a purged project move to one Inbox, on both devices at once, without a fight', async () => {
    team = await createTeam(['writer'])
    const [a, b] = team.workspaces as [Workspace, Workspace]
    // The project was deleted 31 days ago: both devices purge it when they next look.
    let now = Date.now() - 31 * DAY
    const clock = { now: () => now }
    const onA = await boardV1.open(a, 'board', clock)
    onA.put('project:1', project('Pumps'))
    onA.put('project:2', project('Valves'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    onA.put('task:3', task('Oil the valve', 'project:2'))
    onA.delete('project:1')
    await a.sync()
    await b.sync()
    const onB = await boardV1.open(b, 'board', clock)
    expect(onB.get('task:1')).toMatchObject({ project: 'project:1' }) // a project in the trash still counts

    now = Date.now()
    onB.put('task:2', task('Replace the seal', 'project:1')) // made without knowing of the purge
    onA.maintain()
    onB.maintain() // (or its upkeep after the edit already did)
    await onA.settled()
    await onB.settled()
    for (const board of [onA, onB]) expect(board.handle.doc()['project:1']).toBeUndefined()
    expect(onA.get('task:1')).toMatchObject({ project: INBOX })
    expect(onB.get('task:2')).toMatchObject({ project: INBOX })

    await a.sync()
    await b.sync()
    await a.sync()
    await onA.settled()
    await onB.settled()
    await b.sync()
    await a.sync()
    expect(A.toJS(onA.handle.doc())).toEqual(A.toJS(onB.handle.doc()))
    const view = onA.read()
    expect(view.entries.get(INBOX)).toEqual(project('Inbox'))
    expect([...view.entries].filter(([, e]) => e.kind === 'task').map(([k, e]) => [k, e.kind === 'task' && e.project])).toEqual([
      ['task:1', INBOX],
      ['task:2', INBOX],
      ['task:3', 'project:2'],
    ])
    // Both devices did create the Inbox: two equal values under one key, so nothing to choose.
    const inbox = onA.conflicts().find((c) => c.path.length === 1 && c.path[0] === INBOX)
    expect(inbox?.values.map((v) => v.value)).toEqual([project('Inbox'), project('Inbox')])
    // Quiet now: repairing again writes nothing, on either device.
    const heads = A.getHeads(onA.handle.doc())
    expect(onA.maintain().repaired).toEqual([])
    expect(onB.maintain().repaired).toEqual([])
    expect(A.getHeads(onA.handle.doc())).toEqual(heads)
    expect(onA.audit()).toEqual([])
  })

  it('lists a field set concurrently with each value and its author, and a pick settles it everywhere', async () => {
    team = await createTeam(['writer'])
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const onA = await boardV1.open(a)
    onA.put('project:1', project('Pumps'))
    onA.put('task:1', task('Fix the pump', 'project:1'))
    await a.sync()
    await b.sync()
    const onB = await boardV1.open(b)
    onA.update('task:1', (t) => void (t.kind === 'task' && (t.title = 'Fix the pump (A)')))
    onB.update('task:1', (t) => void (t.kind === 'task' && (t.title = 'Fix the pump (B)')))
    await a.sync()
    await b.sync()
    await a.sync()
    const memberOf = (ws: Workspace) => ws.membership.devices.get(ws.deviceId)!.record.user
    const [conflict] = onA.conflicts()
    expect(onA.conflicts()).toHaveLength(1)
    expect(conflict!.path).toEqual(['task:1', 'title'])
    expect(conflict!.values.map((v) => [v.value, v.member]).sort()).toEqual(
      [
        ['Fix the pump (A)', memberOf(a)],
        ['Fix the pump (B)', memberOf(b)],
      ].sort(),
    )
    expect(conflict!.values.filter((v) => v.shown)).toHaveLength(1)
    const theirs = conflict!.values.find((v) => v.member === memberOf(b))!
    expect(onA.pick(conflict!.path, theirs.op)).toEqual({ ok: true })
    await a.sync()
    await b.sync()
    expect(onB.conflicts()).toEqual([])
    expect(onB.get('task:1')).toMatchObject({ title: 'Fix the pump (B)' })
    expect(onA.pick(['task:1', 'title'], theirs.op)).toMatchObject({ ok: false, reason: 'no-conflict' })
  })
})
