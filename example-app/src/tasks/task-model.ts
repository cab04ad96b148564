// Tasks as the app reads and writes them beyond the typed board (board-schema.ts): ids, new
// tasks, notes text and attachments. The board document holds one ROOT-level key per entry,
// never a shared `tasks: {}` map: two devices that each create such a map offline would make
// two competing maps, and one device's tasks would vanish on merge. Titles and other short
// fields are single values (concurrent edits become a conflict to pick from); notes are rich
// text (block markers and marks inside the Automerge text) edited keystroke by keystroke, so
// concurrent typing merges character by character.
//
// Attachments (photos, PDFs) live in each task's `attachments` map, blob id → reference. The
// map is created WITH the task, for the same reason: two devices attaching to a task at once
// must not each create a map. A task written before attachments existed has no map; its
// references go beside its fields as `attachment:<blob id>` keys instead, which never collide.

import type * as A from '@automerge/automerge'
import { isAttachmentRef, type AttachmentRef } from 'clientful'
import { BOARD_DOC } from './board-type.ts'
import { MAX_TITLE, type Priority, type Task, type TaskStatus } from './board-schema.ts'

/** The board's document (the name the task list always had). */
export const TASKS_DOC = BOARD_DOC
export { TASK_STATUSES, isTaskStatus, type TaskStatus } from './board-schema.ts'

/** An attachment reference as a task stores it: the framework's reference plus when it was added. */
export type StoredAttachment = AttachmentRef & { readonly addedAt: number }

/** What the document holds; any peer may have written anything, so read it through the board type. */
export type TasksDoc = Record<string, unknown>

/** A valid task, ready to show. */
export interface TaskView {
  readonly id: string
  readonly title: string
  readonly status: TaskStatus
  readonly notes: string
  readonly project: string
  readonly assignee: string | undefined
  readonly due: string | undefined
  readonly priority: Priority | undefined
  readonly orphanedFrom: string | undefined
  readonly createdAt: number
  /** Oldest first. */
  readonly attachments: readonly StoredAttachment[]
}

const LEGACY_PREFIX = 'attachment:'

export function taskView(id: string, task: Task, raw: unknown): TaskView {
  return {
    id,
    title: task.title,
    status: task.status,
    notes: task.notes ?? '',
    project: task.project,
    assignee: task.assignee,
    due: task.due,
    priority: task.priority,
    orphanedFrom: task.orphanedFrom,
    createdAt: task.createdAt,
    attachments: typeof raw === 'object' && raw !== null ? readAttachments(raw as Record<string, unknown>) : [],
  }
}

function readAttachments(fields: Record<string, unknown>): StoredAttachment[] {
  const map = typeof fields.attachments === 'object' && fields.attachments !== null ? Object.values(fields.attachments) : []
  const legacy = Object.entries(fields).filter(([key]) => key.startsWith(LEGACY_PREFIX)).map(([, value]) => value)
  const refs: StoredAttachment[] = []
  for (const value of [...map, ...legacy]) {
    if (!isAttachmentRef(value)) continue // a peer may have written anything
    const addedAt = (value as { addedAt?: unknown }).addedAt
    refs.push({ ...value, addedAt: typeof addedAt === 'number' ? addedAt : 0 })
  }
  return refs.sort((a, b) => a.addedAt - b.addedAt || (a.blob < b.blob ? -1 : 1))
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function newTaskId(): string {
  return `t${randomHex(8)}`
}

export function newProjectId(): string {
  return `project:${randomHex(8)}`
}

export function cleanTitle(title: string): string {
  return title.trim().slice(0, MAX_TITLE)
}

export interface NewTask {
  readonly title: string
  readonly project: string
  readonly assignee?: string | undefined
  readonly due?: string | undefined
  /** Only for a build whose schema has priorities. */
  readonly priority?: Priority | undefined
}

/** A new task's entry: its notes text and attachments map are created with it (see above). */
export function newTask(fields: NewTask, now: number): Task {
  return {
    kind: 'task',
    title: cleanTitle(fields.title),
    status: 'todo',
    project: fields.project,
    notes: '',
    createdAt: now,
    attachments: {},
    ...(fields.assignee !== undefined && { assignee: fields.assignee }),
    ...(fields.due !== undefined && { due: fields.due }),
    ...(fields.priority !== undefined && { priority: fields.priority }),
  }
}

/** Gives a task notes text when it has none (or a peer wrote something else there). */
export function ensureNotesText(id: string): A.ChangeFn<TasksDoc> {
  return (doc) => {
    const task = doc[id]
    if (typeof task !== 'object' || task === null) return
    const fields = task as Record<string, unknown>
    if (typeof fields.notes !== 'string') fields.notes = fields.notes === undefined || fields.notes === null ? '' : String(fields.notes)
  }
}

/** Stores an attachment reference in a task (in its map, or beside its fields for an old task). */
export function attachToTask(id: string, ref: AttachmentRef, now: number): A.ChangeFn<TasksDoc> {
  return (doc) => {
    const task = doc[id]
    if (typeof task !== 'object' || task === null) return
    const fields = task as Record<string, unknown>
    const stored: StoredAttachment = { ...ref, addedAt: now }
    if (typeof fields.attachments === 'object' && fields.attachments !== null) (fields.attachments as Record<string, unknown>)[ref.blob] = stored
    else fields[LEGACY_PREFIX + ref.blob] = stored
  }
}

export function removeAttachment(id: string, blob: string): A.ChangeFn<TasksDoc> {
  return (doc) => {
    const task = doc[id]
    if (typeof task !== 'object' || task === null) return
    const fields = task as Record<string, unknown>
    const map = fields.attachments
    if (typeof map === 'object' && map !== null && Object.hasOwn(map, blob)) delete (map as Record<string, unknown>)[blob]
    if (Object.hasOwn(fields, LEGACY_PREFIX + blob)) delete fields[LEGACY_PREFIX + blob]
  }
}
