// Laws of the app model under any interleaving: several replicas of one typed document edit
// offline and merge in random orders, each running the framework's own upkeep and checks.
// `npm test` runs 60 cases per law; `npm run fuzz` runs CLIENTFUL_FUZZ_RUNS. A failure prints
// fast-check's seed and path; CLIENTFUL_FUZZ_SEED replays it.

import { describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import fc from 'fast-check'
import { createChangeValidator, screenChanges, type TypedDocument } from '../src/app-model/index.ts'
import { boardV1, boardV2, INBOX, project, task } from './support/board-model.ts'
import { authorsOf, deliver, replicas, settle, typedOn, type Replica } from './support/replicas.ts'

const RUNS = Math.min(Number(process.env.CLIENTFUL_FUZZ_RUNS ?? 60), 2_000)
const SEED = Number(process.env.CLIENTFUL_FUZZ_SEED ?? 0xb0a4d)
/** Each law's time limit grows with its runs: `npm run fuzz` runs up to 2,000 of them. */
const LAW_TIMEOUT_MS = Math.max(60_000, RUNS * 250)

/** A v1 board all replicas start from. */
function base(tasks: number): A.Doc<Record<string, unknown>> {
  const [origin] = replicas(1)
  origin!.handle.change((d) => {
    d['$type'] = 'board'
    d['$version:1'] = true
    d['project:1'] = project('Pumps')
    for (let i = 0; i < tasks; i++) d[`task:${i}`] = task(`Task ${i}`, 'project:1')
  })
  return origin!.handle.doc()
}

/** Random pairwise deliveries: a merge order. */
const deliveries = (count: number) => fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: 12 })

function gossip(list: readonly Replica[], pairs: readonly [number, number][]): void {
  for (const [from, to] of pairs) if (from !== to) deliver(list[from]!, list[to]!)
}

function sameEverywhere(list: readonly Replica[]): void {
  const first = JSON.stringify(A.toJS(list[0]!.handle.doc()))
  for (const r of list) expect(JSON.stringify(A.toJS(r.handle.doc()))).toBe(first)
}

describe('app model laws', () => {
  it('concurrent migrations, with v1 data written late, converge to one v2 document and are idempotent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(3), { maxLength: 4 }), deliveries(4), (count, tasks, late, pairs) => {
        const list = replicas(count, base(tasks))
        // Some replicas still run v1 and add tasks offline; the others migrate.
        for (const [i, who] of late.entries()) list[who % count]!.handle.change((d) => void (d[`late:${i}`] = task(`Late ${i}`, 'project:1')))
        const migrating = list.filter((_, i) => i % 2 === 0).map((r) => typedOn(r, boardV2))
        for (const doc of migrating) doc.maintain()
        gossip(list, pairs.filter(([a, b]) => a < count && b < count) as [number, number][])
        settle(list, migrating as TypedDocument<unknown>[])
        sameEverywhere(list)
        const view = migrating[0]!.read()
        expect(view.invalid).toEqual([])
        expect(view.entries.size).toBe(1 + tasks + late.length)
        for (const entry of view.entries.values()) if (entry.kind === 'task') expect(entry.priority).toBe('normal')
        expect(migrating[0]!.audit()).toEqual([])
      }),
      { numRuns: RUNS, seed: SEED },
    )
  }, LAW_TIMEOUT_MS)

  it('an entry deleted while others edit it comes back exactly when an edit did not know of the delete', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.record({ who: fc.nat(3), entry: fc.nat(2), seenDelete: fc.boolean() }), { maxLength: 6 }),
        deliveries(4),
        (count, edits, pairs) => {
          const list = replicas(count, base(3))
          const docs = list.map((r) => typedOn(r, boardV1))
          expect(docs[0]!.delete('task:0')).toEqual({ ok: true })
          let concurrentEdit = false
          for (const [i, { who, entry, seenDelete }] of edits.entries()) {
            const editor = list[who % count]!
            if (seenDelete) deliver(list[0]!, editor)
            const key = `task:${entry}`
            // An editor that saw the delete does not edit the entry in the trash.
            if (key === 'task:0' && editor.handle.doc()['$trash:task:0'] !== undefined && (seenDelete || editor === list[0])) continue
            if (key === 'task:0') concurrentEdit = true
            editor.handle.change((d) => void ((d[key] as Record<string, unknown>).title = `Edit ${i}`))
          }
          gossip(list, pairs.filter(([a, b]) => a < count && b < count) as [number, number][])
          settle(list, docs as TypedDocument<unknown>[])
          sameEverywhere(list)
          expect(docs[1]!.get('task:0') !== undefined).toBe(concurrentEdit)
          expect(docs[1]!.read().notices.map((n) => n.entry)).toEqual(concurrentEdit ? ['task:0'] : [])
          expect(docs[0]!.audit()).toEqual([])
        },
      ),
      { numRuns: RUNS, seed: SEED },
    )
  }, LAW_TIMEOUT_MS)

  it('compensation converges in any merge order and then stays quiet', () => {
    const op = fc.record({ who: fc.nat(3), kind: fc.nat(3), project: fc.nat(2), task: fc.nat(4) })
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.array(op, { maxLength: 10 }), deliveries(4), fc.array(fc.nat(3), { maxLength: 4 }), (count, ops, pairs, upkeepBy) => {
        const list = replicas(count, base(0))
        const docs = list.map((r) => typedOn(r, boardV1))
        for (const { who, kind, project: p, task: t } of ops) {
          const r = list[who % count]!
          if (kind === 0) r.handle.change((d) => void (d[`project:${p}`] = project(`P${p}`)))
          else if (kind === 1) r.handle.change((d) => void (d[`task:${t}`] = task(`T${t}`, `project:${p}`)))
          else if (kind === 2) r.handle.change((d) => void delete d[`project:${p}`]) // a project purged
          else r.handle.change((d) => void (d[`task:${t}`] !== undefined && ((d[`task:${t}`] as Record<string, unknown>).project = `project:${p}`)))
        }
        gossip(list, pairs.filter(([a, b]) => a < count && b < count) as [number, number][])
        for (const who of upkeepBy) docs[who % count]!.maintain()
        settle(list, docs as TypedDocument<unknown>[])
        sameEverywhere(list)
        const view = docs[0]!.read()
        for (const entry of view.entries.values()) if (entry.kind === 'task') expect(view.entries.get(entry.project)?.kind).toBe('project')
        for (const doc of docs) expect(doc.maintain().repaired).toEqual([])
        if ([...view.entries.values()].some((e) => e.kind === 'task' && e.project === INBOX)) expect(view.entries.get(INBOX)).toEqual(project('Inbox'))
        expect(docs[0]!.audit().filter((f) => f.rule === 'clientful/maintenance')).toEqual([])
      }),
      { numRuns: RUNS, seed: SEED },
    )
  }, LAW_TIMEOUT_MS)

  it('every device reaches the same verdicts, whatever order the changes arrived in', () => {
    const edit = fc.record({ who: fc.nat(2), close: fc.boolean(), entry: fc.nat(2), sync: fc.boolean() })
    let refusals = 0
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }), (edits, order) => {
        const start = base(3)
        const list = replicas(3, start)
        for (const [i, { who, close, entry, sync }] of edits.entries()) {
          const r = list[who]!
          if (sync) deliver(list[(who + 1) % 3]!, r)
          r.handle.change((d) => {
            const t = d[`task:${entry}`] as Record<string, unknown>
            if (close) t.status = t.status === 'done' ? 'open' : 'done'
            else t.title = `Edit ${i}`
          })
        }
        // Two judges receive everything, in different orders.
        const judges = replicas(2, start, 3)
        const forward = [...new Set(order)]
        for (const i of forward) deliver(list[i]!, judges[0]!)
        for (const i of [...forward].reverse()) deliver(list[i]!, judges[1]!)
        for (const r of list) for (const j of judges) deliver(r, j)
        const authors = authorsOf(list, { 0: 'admin' })
        const verdicts = judges.map((j) => {
          const doc = j.handle.doc()
          const refused = screenChanges(createChangeValidator([boardV1], { deviceId: j.device }), 'doc', doc, A.getAllChanges(doc), authors)
          refusals += refused.size
          return JSON.stringify([...refused].sort(([a], [b]) => (a < b ? -1 : 1)))
        })
        expect(verdicts[1]).toBe(verdicts[0])
      }),
      { numRuns: RUNS, seed: SEED },
    )
    expect(refusals).toBeGreaterThan(0) // the law was tested on refusals, not only on acceptances
  }, LAW_TIMEOUT_MS)
})
