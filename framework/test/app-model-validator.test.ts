import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createChangeValidator, screenChanges, validate, type ChangeAuthor } from '../src/app-model/index.ts'
import { boardV1, boardV2, project, task } from './support/board-model.ts'
import { authorsOf, deliver, replicas, type Replica } from './support/replicas.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import type { Workspace } from '../src/workspace/workspace.ts'

/** A board every replica starts from: typed, one project, a task assigned to replica 0's member. */
function startingBoard() {
  const [origin] = replicas(1)
  const member0 = replicas(1)[0]!.member
  origin!.handle.change((d) => {
    d['$type'] = 'board'
    d['$version:1'] = true
    d['project:1'] = project('Pumps')
    d['task:1'] = task('Fix the pump', 'project:1', { assignee: member0 })
  })
  return origin!.handle.doc()
}

describe('the change validator (the hook the apply path and the seal call)', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('refuses a change that breaks a rule, names the rule, and refuses what was built on it', () => {
    const [owner, other, judge] = replicas(3, startingBoard())
    other!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).status = 'done'))
    other!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).title = 'Fixed'))
    owner!.handle.change((d) => void (d['task:2'] = task('Oil it', 'project:1')))
    const incoming = [...A.getChanges(judge!.handle.doc(), other!.handle.doc()), ...A.getChanges(judge!.handle.doc(), owner!.handle.doc())]
    // The apply path: the batch on a copy, judged, then only what passed is kept.
    const [tentative] = A.applyChanges(A.clone(judge!.handle.doc()), incoming)
    const validator = createChangeValidator([boardV1], { deviceId: judge!.device })
    const refused = screenChanges(validator, 'doc', tentative, incoming, authorsOf([owner!, other!, judge!]))
    const hashes = incoming.map((c) => A.decodeChange(c).hash!)
    expect([...refused.keys()].sort()).toEqual([hashes[0], hashes[1]].sort())
    expect(refused.get(hashes[0]!)).toMatchObject({ rule: 'assignee-closes', detail: 'task:1: only the assignee or an admin closes a task' })
    expect(refused.get(hashes[1]!)!.detail).toMatch(/made on top of a refused change/)
    // A later batch built on the refused change is refused without waiting for it.
    other!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).title = 'Fixed again'))
    const later = A.getLastLocalChange(other!.handle.doc())!
    const [judged] = A.applyChanges(A.clone(judge!.handle.doc()), [later]) // queued: its dependencies never came
    const again = screenChanges(validator, 'doc', judged, [later], authorsOf([owner!, other!, judge!]), new Set(refused.keys()))
    expect([...again.values()]).toEqual([expect.objectContaining({ rule: 'clientful/depends-on-refused' })])
    // The same change by the assignee, or by an admin, passes.
    const admin = screenChanges(validator, 'doc', tentative, incoming.slice(0, 1), authorsOf([owner!, other!, judge!], { 1: 'admin' }))
    expect(admin.size).toBe(0)
  })

  it('checks the framework\'s own keys: a trash record in another\'s name, a fake repair', () => {
    const [a, b, judge] = replicas(3, startingBoard()) as [Replica, Replica, Replica]
    const heads = [...A.getHeads(a.handle.doc())].sort()
    a.handle.change((d) => void (d['$trash:task:1'] = { at: 1, until: 2, by: b!.member, device: b!.device, heads }), 'clientful:trash')
    b!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).title = 'Looks like upkeep'), 'clientful:compensate')
    const validator = createChangeValidator([boardV1], { deviceId: judge!.device })
    const authors = authorsOf([a!, b!, judge!])
    const check = (r: typeof a) => {
      const [change] = A.getChanges(judge!.handle.doc(), r!.handle.doc())
      const [doc] = A.applyChanges(A.clone(judge!.handle.doc()), [change!])
      return validator.check('doc', doc, change!, authors(A.decodeChange(change!).actor))
    }
    expect(check(a)).toMatchObject({ ok: false, rule: 'clientful/trash' })
    expect(check(b)).toMatchObject({ ok: false, rule: 'clientful/maintenance' })
  })

  it('an older app accepts what it cannot judge from others, and refuses its own writes to newer data', () => {
    const [newer, older] = replicas(2, startingBoard())
    newer!.handle.change((d) => {
      d['$version:2'] = true
      ;(d['task:1'] as Record<string, unknown>).priority = 'normal'
    }, 'clientful:migrate')
    deliver(newer!, older!)
    newer!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).status = 'blocked'))
    older!.handle.change((d) => void ((d['task:1'] as Record<string, unknown>).title = 'x'))
    const validator = createChangeValidator([boardV1], { deviceId: older!.device })
    const authors = authorsOf([newer!, older!])
    const last = (r: typeof newer) => A.getLastLocalChange(r!.handle.doc())!
    const [merged] = A.applyChanges(A.clone(older!.handle.doc()), [last(newer)])
    expect(validator.check('doc', merged, last(newer), authors(newer!.device + '00000000'))).toEqual({ ok: true })
    expect(validator.check('doc', merged, last(older), authors(older!.device + '00000001'))).toMatchObject({ ok: false, rule: 'clientful/app-outdated' })
    // The newer app judges it: 'blocked' is no status of version 2 either.
    const current = createChangeValidator([boardV2], { deviceId: older!.device })
    expect(current.check('doc', merged, last(newer), authors(newer!.device + '00000000'))).toMatchObject({ ok: false, rule: 'clientful/entry-schema' })
  })

  it('validate(before, after, author) runs the rules over what led from one state to the other', async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    const board = await boardV1.open(admin)
    board.put('project:1', project('Pumps'))
    board.put('task:1', task('Fix the pump', 'project:1', { assignee: 'someone-else' }))
    await admin.sync()
    await writer.sync()
    const raw = await writer.doc<Record<string, unknown>>('board')
    const before = raw.doc()
    raw.change((d) => void ((d['task:1'] as Record<string, unknown>).status = 'done'))
    const author: ChangeAuthor = { device: writer.deviceId, member: writer.membership.devices.get(writer.deviceId)!.record.user, role: writer.role }
    expect(validate(boardV1, before, raw.doc(), author)).toMatchObject({ ok: false, rule: 'assignee-closes' })
    expect(validate(boardV1, before, raw.doc(), { ...author, role: 'admin' })).toEqual({ ok: true })
  })
})
