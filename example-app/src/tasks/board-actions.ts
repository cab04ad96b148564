// What people do to the board, as typed writes: each is tried against the rules every peer runs
// before it is made, and answers a WriteResult the board shows when it is refused.

import type { SchemaIssue, WriteResult } from 'clientful'
import { MAX_PROJECT_NAME, type BoardEntry, type Priority, type TaskStatus } from './board-schema.ts'
import { cleanTitle, newProjectId, newTask, newTaskId, type NewTask } from './task-model.ts'
import type { BoardDocument } from './use-board.ts'

export interface TaskEdit {
  readonly title?: string
  readonly status?: TaskStatus
  readonly project?: string
  /** null: nobody. */
  readonly assignee?: string | null
  /** null: no due date. */
  readonly due?: string | null
  readonly priority?: Priority
}

/** Applies an edit to a task's fields in place (a typed draft, or a raw one for a reader's attempt). */
export function applyTaskEdit(task: Record<string, unknown>, edit: TaskEdit): void {
  if (edit.title !== undefined) task.title = cleanTitle(edit.title)
  if (edit.status !== undefined && task.status !== edit.status) task.status = edit.status
  if (edit.project !== undefined && task.project !== edit.project) {
    task.project = edit.project
    delete task.orphanedFrom // placed by hand: it no longer waits for its old project
  }
  if (edit.assignee === null) delete task.assignee
  else if (edit.assignee !== undefined && task.assignee !== edit.assignee) task.assignee = edit.assignee
  if (edit.due === null) delete task.due
  else if (edit.due !== undefined && task.due !== edit.due) task.due = edit.due
  if (edit.priority !== undefined && task.priority !== edit.priority) task.priority = edit.priority
}

export function addTask(doc: BoardDocument, fields: NewTask, now: number = Date.now()): { id: string; result: WriteResult } {
  const id = newTaskId()
  return { id, result: doc.put(id, newTask(fields, now)) }
}

export function editTask(doc: BoardDocument, id: string, edit: TaskEdit): WriteResult {
  return doc.update(id, (entry: BoardEntry) => {
    if (entry.kind === 'task') applyTaskEdit(entry as unknown as Record<string, unknown>, edit)
  })
}

export function cleanProjectName(name: string): string {
  return name.trim().slice(0, MAX_PROJECT_NAME)
}

export function addProject(doc: BoardDocument, name: string, now: number = Date.now()): { id: string; result: WriteResult } {
  const id = newProjectId()
  return { id, result: doc.put(id, { kind: 'project', name: cleanProjectName(name), createdAt: now }) }
}

export function renameProject(doc: BoardDocument, id: string, name: string): WriteResult {
  return doc.update(id, (entry: BoardEntry) => {
    if (entry.kind === 'project') entry.name = cleanProjectName(name)
  })
}

/** One line for people: why a write was not made. */
export function describeRefusal(result: Exclude<WriteResult, { ok: true }>): string {
  switch (result.reason) {
    case 'app-outdated':
      return 'This board was updated by a newer version of the app: update the app to edit it.'
    case 'reader':
      return 'Readers do not edit the board.'
    case 'not-member':
      return 'This device is no longer in the workspace.'
    case 'erased':
      return 'This board was erased.'
    case 'invalid-entry':
      return `Not saved: ${result.issues ? describeIssues(result.issues) : result.detail}`
    case 'rule-broken':
      return `Not saved: ${result.detail.replace(/^[^:]+: /, '')}.`
    default:
      return `Not saved: ${result.detail}.`
  }
}

/** "title: Too small; status: Invalid option" */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}
