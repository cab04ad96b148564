// The board's data model. The document named "tasks" holds one ROOT-level key per task
// (taskId → task). Root keys, not a shared `tasks: {}` map: two devices that each create such
// a map offline would make two competing maps, and one device's tasks would vanish on merge.
// Titles and notes are Automerge text, so concurrent edits of the same task interleave instead
// of one overwriting the other: titles are edited by diff, notes are rich text (block markers
// and marks inside the text, per Automerge's rich-text schema) edited keystroke by keystroke.
//
// Attachments (photos, PDFs) live in each task's `attachments` map, blob id → reference. The
// map is created WITH the task, for the same reason: two devices attaching to a task at once
// must not each create a map. A task written before attachments existed has no map; its
// references go beside its fields as `attachment:<blob id>` keys instead, which never collide.

import * as A from '@automerge/automerge'
import { isAttachmentRef, type AttachmentRef } from 'clientful'

export const TASKS_DOC = 'tasks'
export const TASK_STATUSES = ['todo', 'doing', 'done'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export interface Task {
  title: string
  status: TaskStatus
  notes: string
  createdAt: number
  attachments: Record<string, StoredAttachment>
}

/** An attachment reference as a task stores it: the framework's reference plus when it was added. */
export type StoredAttachment = AttachmentRef & { readonly addedAt: number }

/** What the document holds; any peer may have written anything, so read it through listTasks. */
export type TasksDoc = Record<string, unknown>

export interface TaskView extends Omit<Task, 'attachments'> {
  readonly id: string
  /** Oldest first. */
  readonly attachments: readonly StoredAttachment[]
}

const LEGACY_PREFIX = 'attachment:'

const MAX_TITLE = 200

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value)
}

/** Tasks oldest first; entries that are not task-shaped are skipped rather than crashing the board. */
export function listTasks(doc: A.Doc<TasksDoc>): TaskView[] {
  const tasks: TaskView[] = []
  for (const [id, value] of Object.entries(doc)) {
    const task = readTask(id, value)
    if (task) tasks.push(task)
  }
  return tasks.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function findTask(doc: A.Doc<TasksDoc>, id: string): TaskView | undefined {
  return Object.hasOwn(doc, id) ? readTask(id, doc[id]) : undefined
}

function readTask(id: string, value: unknown): TaskView | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const fields = value as Record<string, unknown>
  return {
    id,
    title: typeof fields.title === 'string' ? fields.title : String(fields.title ?? ''),
    status: isTaskStatus(fields.status) ? fields.status : 'todo',
    notes: typeof fields.notes === 'string' ? fields.notes : '',
    createdAt: typeof fields.createdAt === 'number' ? fields.createdAt : 0,
    attachments: readAttachments(fields),
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

export function newTaskId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return `t${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export function cleanTitle(title: string): string {
  return title.trim().slice(0, MAX_TITLE)
}

/** The change function that adds a task (run it with DocHandle.change). */
export function addTask(id: string, title: string, now: number): A.ChangeFn<TasksDoc> {
  return (doc) => {
    const task: Task = { title: cleanTitle(title), status: 'todo', notes: '', createdAt: now, attachments: {} }
    doc[id] = task
  }
}

export type TaskEdit = Partial<Pick<Task, 'title' | 'notes' | 'status'>>

export function editTask(id: string, edit: TaskEdit): A.ChangeFn<TasksDoc> {
  return (doc) => {
    const task = doc[id]
    if (typeof task !== 'object' || task === null) return
    const fields = task as Record<string, unknown>
    if (edit.title !== undefined) setText(doc, fields, id, 'title', cleanTitle(edit.title))
    if (edit.notes !== undefined) setText(doc, fields, id, 'notes', edit.notes)
    if (edit.status !== undefined && fields.status !== edit.status) fields.status = edit.status
  }
}

function setText(doc: A.Doc<TasksDoc>, fields: Record<string, unknown>, id: string, key: 'title' | 'notes', value: string): void {
  if (fields[key] === value) return
  // Diff against the text in place when it is text; replace it when a peer wrote something else.
  if (typeof fields[key] === 'string') A.updateText(doc, [id, key], value)
  else fields[key] = value
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
