// What the change validator costs on a document of realistic size — 2,000 tasks in 20
// projects (~170 KB saved) — printed as a table: judging a catch-up of 1,000 single-field edits
// from three devices (the apply path's work per batch), against applying them without rules;
// and a local write checked before it is made. Bounds are loose (shared cores): they catch a
// cost that grows with the document instead of with the change.

import { describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createChangeValidator, screenChanges } from '../src/app-model/index.ts'
import { boardV2, project } from './support/board-model.ts'
import { authorsOf, deliver, replicas, typedOn } from './support/replicas.ts'

const TASKS = 2_000
const EDITS = 1_000

function time<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now()
  const value = run()
  return { value, ms: performance.now() - started }
}

describe('validator cost', () => {
  it(`judges ${EDITS} incoming changes to a ${TASKS}-task board in time that follows the changes, not the document`, () => {
    const [origin] = replicas(1)
    origin!.handle.change((d) => {
      d['$type'] = 'board'
      d['$version:1'] = true
      d['$version:2'] = true
      for (let p = 0; p < 20; p++) d[`project:${p}`] = project(`Project ${p}`)
      for (let i = 0; i < TASKS; i++) {
        d[`task:${i}`] = { kind: 'task', title: `Task ${i}: inspect the pump station and write it up`, status: 'open', project: `project:${i % 20}`, priority: 'normal' }
      }
    })
    const base = origin!.handle.doc()
    const [writer1, writer2, writer3, judge] = replicas(4, base, 1)
    const writers = [writer1!, writer2!, writer3!]
    for (let i = 0; i < EDITS; i++) {
      const w = writers[i % 3]!
      w.handle.change((d) => void ((d[`task:${(i * 7) % TASKS}`] as Record<string, unknown>).title = `Edit ${i}`))
    }
    const incoming = writers.flatMap((w) => A.getChanges(judge!.handle.doc(), w.handle.doc()))
    const validator = createChangeValidator([boardV2], { deviceId: judge!.device })
    const authors = authorsOf([origin!, ...writers, judge!])

    const plain = time(() => A.applyChanges(A.clone(judge!.handle.doc()), incoming)[0])
    const clone = time(() => A.clone(judge!.handle.doc()))
    const tentative = A.applyChanges(clone.value, incoming)[0]
    const judged = time(() => screenChanges(validator, 'doc', tentative, incoming, authors))
    expect(judged.value.size).toBe(0)

    // A local edit, checked against the same rules on a copy before it is made.
    deliver(origin!, judge!)
    const board = typedOn(judge!, boardV2)
    board.update('task:4', (t) => void (t.kind === 'task' && (t.title = 'The first write builds caches')))
    const local = time(() => board.update('task:5', (t) => void (t.kind === 'task' && (t.title = 'Checked before it is made'))))
    expect(local.value).toEqual({ ok: true })

    const saved = A.save(base).length
    const perChange = judged.ms / incoming.length
    console.table({
      'document (saved bytes)': saved,
      'changes in the batch': incoming.length,
      'apply without rules (ms)': Math.round(plain.ms),
      'clone for the tentative apply (ms)': Math.round(clone.ms),
      'judge the batch (ms)': Math.round(judged.ms),
      'judge, per change (ms)': Number(perChange.toFixed(3)),
      'one checked local write, caches warm (ms)': Math.round(local.ms),
    })
    expect(perChange).toBeLessThan(10)
    expect(local.ms).toBeLessThan(250)
  })
})
