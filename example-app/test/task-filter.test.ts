import { describe, expect, it } from 'vitest'
import { filterTasks, isOverdue, NO_FILTER } from '../src/tasks/task-filter.ts'
import type { TaskView } from '../src/tasks/task-model.ts'

const task = (id: string, fields: Partial<TaskView>): TaskView => ({
  id,
  title: id,
  status: 'todo',
  notes: '',
  project: 'project:inbox',
  assignee: undefined,
  due: undefined,
  priority: undefined,
  orphanedFrom: undefined,
  createdAt: 0,
  attachments: [],
  ...fields,
})

describe('search and filters', () => {
  const alice = 'a'.repeat(64)
  const tasks = [
    task('pump', { title: 'Fix the Pump', notes: 'seal leaks', assignee: alice, project: 'project:1' }),
    task('valve', { title: 'Oil the valve', status: 'done' }),
    task('yard', { title: 'Sweep the yard', notes: 'after the PUMP' }),
  ]

  it('finds every word in the title or notes, in any case', () => {
    expect(filterTasks(tasks, { ...NO_FILTER, text: 'pump' }).map((t) => t.id)).toEqual(['pump', 'yard'])
    expect(filterTasks(tasks, { ...NO_FILTER, text: 'pump seal' }).map((t) => t.id)).toEqual(['pump'])
  })

  it('filters by status, assignee (or nobody) and project', () => {
    expect(filterTasks(tasks, { ...NO_FILTER, status: 'done' }).map((t) => t.id)).toEqual(['valve'])
    expect(filterTasks(tasks, { ...NO_FILTER, assignee: alice }).map((t) => t.id)).toEqual(['pump'])
    expect(filterTasks(tasks, { ...NO_FILTER, assignee: 'unassigned' }).map((t) => t.id)).toEqual(['valve', 'yard'])
    expect(filterTasks(tasks, { ...NO_FILTER, project: 'project:1' }).map((t) => t.id)).toEqual(['pump'])
  })

  it('a task is overdue after its due day unless it is done', () => {
    expect(isOverdue({ due: '2026-03-01', status: 'todo' }, '2026-03-02')).toBe(true)
    expect(isOverdue({ due: '2026-03-02', status: 'todo' }, '2026-03-02')).toBe(false)
    expect(isOverdue({ due: '2026-03-01', status: 'done' }, '2026-03-02')).toBe(false)
  })
})
