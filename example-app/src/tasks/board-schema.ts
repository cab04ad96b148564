// The board's entries: projects and tasks, one root key each in the board document, checked
// with zod (any Standard Schema would do). Schema versions: 1 is the tasks document as the app
// wrote it before it had a board (tasks only, no kind or project); 2 is the board (projects,
// tasks with project, assignee and due date); 3 adds a task priority. The previous release ran
// version 2; board-type.ts picks the version this build runs.

import { z } from 'zod'

/** The fixed project that collects tasks whose project was deleted (and tasks from before projects). */
export const INBOX = 'project:inbox'
export const INBOX_NAME = 'Inbox'

export const TASK_STATUSES = ['todo', 'doing', 'done'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const PRIORITIES = ['low', 'normal', 'high'] as const
export type Priority = (typeof PRIORITIES)[number]

export const MAX_TITLE = 200
export const MAX_PROJECT_NAME = 80

/** A member's user id (64 hex digits). */
const MemberId = z.string().regex(/^[0-9a-f]{64}$/, 'a member id')
/** A calendar date without a time zone: a due date means that day wherever the team is. */
const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date (YYYY-MM-DD)')

export const ProjectSchema = z.object({
  kind: z.literal('project'),
  name: z.string().min(1).max(MAX_PROJECT_NAME),
  createdAt: z.number().int().nonnegative(),
})

export const TaskSchemaV2 = z.object({
  kind: z.literal('task'),
  title: z.string().min(1).max(MAX_TITLE),
  status: z.enum(TASK_STATUSES),
  project: z.string().min(1),
  /** Rich text (Automerge text with block markers); missing on tasks made before notes were text. */
  notes: z.string().optional(),
  assignee: MemberId.optional(),
  due: CalendarDate.optional(),
  createdAt: z.number().int().nonnegative(),
  /** Blob id → attachment reference; read through task-model.ts, which also knows the oldest form. */
  attachments: z.record(z.string(), z.unknown()).optional(),
  /** Set when the task moved to the Inbox because its project was deleted: where it came from. */
  orphanedFrom: z.string().optional(),
})

export const TaskSchemaV3 = TaskSchemaV2.extend({ priority: z.enum(PRIORITIES) })

export const EntrySchemaV2 = z.discriminatedUnion('kind', [ProjectSchema, TaskSchemaV2])
export const EntrySchemaV3 = z.discriminatedUnion('kind', [ProjectSchema, TaskSchemaV3])

export type Project = z.infer<typeof ProjectSchema>
/** A task as either build sees it: version 2 has no priority. */
export type Task = z.infer<typeof TaskSchemaV2> & { priority?: Priority }
export type BoardEntry = Project | Task

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value)
}

export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value)
}
