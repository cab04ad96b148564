import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { boardV1, project, task } from './support/board-model.ts'

describe('typed documents', () => {
  const teams: Team[] = []
  afterEach(async () => {
    for (const t of teams.splice(0)) await t.close()
  })
  async function team(roles: Parameters<typeof createTeam>[0]) {
    const t = await createTeam(roles)
    teams.push(t)
    return t
  }

  it('reads are typed and checked; a write that does not fit the schema is refused with the issues', async () => {
    const { workspaces: [admin] } = await team([])
    const board = await boardV1.open(admin!)
    expect(board.put('project:1', project('Pumps'))).toEqual({ ok: true })
    expect(board.put('task:1', task('Fix the pump', 'project:1'))).toEqual({ ok: true })
    const bad = board.put('task:2', { kind: 'task', title: '', status: 'closed', project: 'project:1' } as never)
    expect(bad).toMatchObject({ ok: false, reason: 'invalid-entry' })
    const view = board.read()
    const t1 = view.entries.get('task:1')
    expect(t1?.kind === 'task' && t1.title).toBe('Fix the pump')
    expect([...view.entries.keys()]).toEqual(['project:1', 'task:1'])
    expect(board.handle.doc()['$type']).toBe('board')
  })

  it('an entry a peer wrote around the checks shows up as invalid, not as a typed value', async () => {
    const { workspaces: [admin, writer] } = await team(['writer'])
    const board = await boardV1.open(admin!)
    board.put('project:1', project('Pumps'))
    await admin!.sync()
    await writer!.sync()
    const raw = await writer!.doc<Record<string, unknown>>('board')
    raw.change((d) => void (d['task:9'] = { kind: 'task', title: 'x', status: 'archived', project: 'project:1' }))
    await writer!.sync()
    await admin!.sync()
    const view = board.read()
    expect(view.entries.has('task:9')).toBe(false)
    expect(view.invalid.map((i) => i.key)).toEqual(['task:9'])
    // What every peer's rules refuse once the apply path calls the hook:
    expect(board.audit()).toEqual([expect.objectContaining({ rule: 'clientful/entry-schema', device: writer!.deviceId })])
  })

  it('a reader reads but cannot write, and says why', async () => {
    const { workspaces: [admin, reader] } = await team(['reader'])
    const board = await boardV1.open(admin!)
    board.put('project:1', project('Pumps'))
    await admin!.sync()
    await reader!.sync()
    const seen = await boardV1.open(reader!)
    expect(seen.get('project:1')).toEqual(project('Pumps'))
    expect(seen.access).toMatchObject({ writable: false, reason: 'reader' })
    expect(seen.put('project:2', project('Valves'))).toMatchObject({ ok: false, reason: 'reader' })
    const heads = A.getHeads(seen.handle.doc())
    seen.maintain()
    expect(A.getHeads(seen.handle.doc())).toEqual(heads)
  })

  it('a rule refuses a local write up front, naming the rule', async () => {
    const { workspaces: [admin, writer] } = await team(['writer'])
    const board = await boardV1.open(admin!)
    board.put('project:1', project('Pumps'))
    board.put('task:1', task('Fix the pump', 'project:1', { assignee: admin!.membership.devices.get(admin!.deviceId)!.record.user }))
    await admin!.sync()
    await writer!.sync()
    const theirs = await boardV1.open(writer!)
    const result = theirs.update('task:1', (t) => {
      if (t.kind === 'task') t.status = 'done'
    })
    expect(result).toMatchObject({ ok: false, reason: 'rule-broken', rule: 'assignee-closes' })
    expect(theirs.get('task:1')).toMatchObject({ status: 'open' })
    // The admin may close any task.
    expect(board.update('task:1', (t) => void (t.kind === 'task' && (t.status = 'done')))).toEqual({ ok: true })
  })
})
