// Search and filters on the board: text (title and notes), status, assignee and project.

import type { TaskStatus } from './board-schema.ts'
import type { TaskView } from './task-model.ts'

export interface TaskFilter {
  readonly text: string
  readonly status: TaskStatus | 'any'
  /** A member id, 'unassigned' or 'anyone'. */
  readonly assignee: string
  /** A project id or 'all'. */
  readonly project: string
}

export const NO_FILTER: TaskFilter = { text: '', status: 'any', assignee: 'anyone', project: 'all' }

export function isFiltering(filter: TaskFilter): boolean {
  return filter.text.trim() !== '' || filter.status !== 'any' || filter.assignee !== 'anyone' || filter.project !== 'all'
}

export function filterTasks(tasks: readonly TaskView[], filter: TaskFilter): TaskView[] {
  const words = filter.text.toLocaleLowerCase().split(/\s+/).filter(Boolean)
  return tasks.filter((task) => {
    if (filter.status !== 'any' && task.status !== filter.status) return false
    if (filter.project !== 'all' && task.project !== filter.project) return false
    if (filter.assignee === 'unassigned' ? task.assignee !== undefined : filter.assignee !== 'anyone' && task.assignee !== filter.assignee) return false
    if (words.length === 0) return true
    const haystack = `${task.title}\n${task.notes}`.toLocaleLowerCase()
    return words.every((word) => haystack.includes(word))
  })
}

/** Today as a calendar date in this device's time zone (due dates have no time zone). */
export function today(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export function isOverdue(task: Pick<TaskView, 'due' | 'status'>, todayDate: string): boolean {
  return task.due !== undefined && task.status !== 'done' && task.due < todayDate
}
