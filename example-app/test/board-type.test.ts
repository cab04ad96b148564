// The board type on real devices: the tasks document of an older app becomes a board in place,
// the rules hold on every peer, orphans go to the Inbox and come back, and a device still on the
// previous release turns read-only once the board moves to the current schema.

import * as A from '@automerge/automerge'
import { afterEach, describe, expect, it } from 'vitest'
import { boardV2, boardV3, BOARD_DOC } from '../src/tasks/board-type.ts'
import { INBOX, type BoardEntry, type Task } from '../src/tasks/board-schema.ts'
import { addProject, addTask, editTask } from '../src/tasks/board-actions.ts'
import { createTeam, memberOf, type Team } from './support/team.ts'

const task = (entry: BoardEntry | undefined): Task => {
  if (entry?.kind !== 'task') throw new Error(`not a task: ${JSON.stringify(entry)}`)
  return entry
}

describe('the board type', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('opens the tasks document an older app wrote as a board: tasks in the Inbox, the same on every device, once', async () => {
    team = await createTeam(boardV3, [{ role: 'writer', type: boardV3 }])
    const [a, b] = team.workspaces as [NonNullable<Team['workspaces'][0]>, NonNullable<Team['workspaces'][0]>]
    // What the app wrote before it had a board: root-level tasks, no kind, no project.
    const legacy = await a.doc<Record<string, unknown>>(BOARD_DOC)
    legacy.change((d) => {
      d['t1'] = { title: 'Check crane', status: 'doing', notes: 'Cable frayed', createdAt: 1, attachments: {} }
      d['t2'] = { title: 'Order cable', status: 'done', notes: '', createdAt: 2 }
    })
    legacy.change((d) => void (d['junk'] = { colour: 'blue' }))
    await team.syncAll()

    const [onA, onB] = [await boardV3.open(a, BOARD_DOC), await boardV3.open(b, BOARD_DOC)]
    await team.syncAll()
    await onA.settled()
    await onB.settled()
    expect(task(onA.get('t1'))).toMatchObject({ kind: 'task', title: 'Check crane', status: 'doing', project: INBOX, priority: 'normal' })
    expect(task(onA.get('t2'))).toMatchObject({ status: 'done', project: INBOX })
    expect(onA.get(INBOX)).toEqual({ kind: 'project', name: 'Inbox', createdAt: 0 })
    expect(onA.read().invalid.map((i) => i.key)).toEqual(['junk'])
    expect(A.toJS(onA.handle.doc())).toEqual(A.toJS(onB.handle.doc()))
    // Only the junk write breaks the board's rules (it was made before the document was a board).
    expect(onA.audit().map((f) => [f.rule, f.detail.split(':')[0]])).toEqual([['clientful/entry-schema', 'junk']])
    const heads = A.getHeads(onA.handle.doc())
    expect(onA.maintain()).toMatchObject({ migrated: false, repaired: [] })
    expect(A.getHeads(onA.handle.doc())).toEqual(heads)
  })

  it('an assigned task is closed and handed on only by its assignee or an admin', async () => {
    team = await createTeam(boardV3, [
      { role: 'writer', type: boardV3 },
      { role: 'writer', type: boardV3 },
    ])
    const [admin, bob, carol] = team.workspaces as [any, any, any]
    const onAdmin = await boardV3.open(admin, BOARD_DOC)
    const { id } = addTask(onAdmin, { title: 'Fix the pump', project: INBOX, assignee: memberOf(bob), priority: 'normal' })
    const { id: open } = addTask(onAdmin, { title: 'Sweep the yard', project: INBOX, priority: 'normal' })
    await team.syncAll()
    const [onBob, onCarol] = [await boardV3.open(bob, BOARD_DOC), await boardV3.open(carol, BOARD_DOC)]

    expect(editTask(onCarol, id, { status: 'done' })).toMatchObject({ ok: false, reason: 'rule-broken', rule: 'assignee-closes' })
    expect(editTask(onCarol, id, { assignee: memberOf(carol) })).toMatchObject({ ok: false, rule: 'assignee-hands-over' })
    expect(editTask(onCarol, open, { status: 'done' })).toEqual({ ok: true }) // nobody's task: anyone closes it
    expect(editTask(onBob, id, { status: 'done' })).toEqual({ ok: true })
    expect(onCarol.delete(INBOX)).toMatchObject({ ok: false, rule: 'inbox-is-fixed' })
    expect(editTask(onAdmin, open, { assignee: memberOf(carol) })).toEqual({ ok: true })
    await team.syncAll()
    expect(task(onAdmin.get(id)).status).toBe('done')
    expect(onAdmin.audit()).toEqual([])
  })

  it('a raw write that breaks a rule is undone on its device and never reaches the others', async () => {
    team = await createTeam(boardV3, [{ role: 'writer', type: boardV3 }])
    const [admin, bob] = team.workspaces as [any, any]
    const onAdmin = await boardV3.open(admin, BOARD_DOC)
    const { id } = addTask(onAdmin, { title: 'Fix the pump', project: INBOX, assignee: memberOf(admin), priority: 'normal' })
    await team.syncAll()
    const onBob = await boardV3.open(bob, BOARD_DOC)
    onBob.handle.change((d) => void ((d[id] as Record<string, unknown>).status = 'done'))
    await team.syncAll()
    expect(task(onAdmin.get(id)).status).toBe('todo')
    expect(task(onBob.get(id)).status).toBe('todo')
    expect((await bob.rejected()).map((r: { reason: string }) => r.reason)).toContain('rule-broken')
  })

  it('tasks of a deleted project wait in the Inbox, even one added offline meanwhile, and go back when it is restored', async () => {
    team = await createTeam(boardV3, [{ role: 'writer', type: boardV3 }])
    const [a, b] = team.workspaces as [any, any]
    const onA = await boardV3.open(a, BOARD_DOC)
    const { id: pumps } = addProject(onA, 'Pumps')
    const { id: first } = addTask(onA, { title: 'Fix the pump', project: pumps, priority: 'normal' })
    await team.syncAll()
    const onB = await boardV3.open(b, BOARD_DOC)

    expect(onA.delete(pumps)).toEqual({ ok: true })
    await onA.settled()
    expect(task(onA.get(first))).toMatchObject({ project: INBOX, orphanedFrom: pumps })
    const { id: second } = addTask(onB, { title: 'Replace the seal', project: pumps, priority: 'normal' }) // B has not heard of the delete
    await team.syncAll()
    await onA.settled()
    await onB.settled()
    await team.syncAll()
    for (const board of [onA, onB]) expect(task(board.get(second))).toMatchObject({ project: INBOX, orphanedFrom: pumps })
    expect(A.toJS(onA.handle.doc())).toEqual(A.toJS(onB.handle.doc()))

    expect(onB.restore(pumps)).toEqual({ ok: true })
    await onB.settled()
    await team.syncAll()
    await onA.settled()
    for (const id of [first, second]) expect(onA.get(id)).not.toHaveProperty('orphanedFrom')
    for (const id of [first, second]) expect(task(onA.get(id)).project).toBe(pumps)
    expect(onA.audit()).toEqual([])
  })

  it('a device on the previous release edits offline while the board moves to the current schema; it then reads it and turns read-only', async () => {
    // A runs the current release; B the previous one (its engine judges with version 2's rules).
    team = await createTeam(boardV3, [{ role: 'writer', type: boardV2 }])
    const [a, b] = team.workspaces as [any, any]
    const onOldB = await boardV2.open(b, BOARD_DOC)
    const { id } = addTask(onOldB, { title: 'Fix the pump', project: INBOX })
    await team.syncAll()
    const { id: offline } = addTask(onOldB, { title: 'Written offline', project: INBOX })

    const onA = await boardV3.open(a, BOARD_DOC) // migrates to version 3 on open
    expect(task(onA.get(id)).priority).toBe('normal')
    expect(editTask(onA, id, { priority: 'high' })).toEqual({ ok: true })
    await b.sync()
    await a.sync()
    await b.sync()
    await onOldB.settled()
    expect(onOldB.access).toMatchObject({ writable: false, reason: 'app-outdated' })
    expect(editTask(onOldB, id, { title: 'x' })).toMatchObject({ ok: false, reason: 'app-outdated' })
    expect(onOldB.get(id)).not.toHaveProperty('priority') // its schema does not know it; the document keeps it
    await a.sync()
    await onA.settled()
    expect(task(onA.get(offline))).toMatchObject({ title: 'Written offline', priority: 'normal' })
    expect(task(onA.get(id)).priority).toBe('high')
    expect(onA.read().invalid).toEqual([])
    expect(onA.audit()).toEqual([])
  })
})
