// The task board the app-model tests use: projects and tasks as entries of one document
// ("board"), schema version 1 and version 2 (tasks gain a priority), a rule on who closes a
// task, and the invariant that every task belongs to a project (orphans move to the Inbox).

import { z } from 'zod'
import { defineDocumentType, defineInvariant, entryRule, type Invariant, type Rule } from '../../src/app-model/index.ts'

export const INBOX = 'project:inbox'

const Project = z.object({ kind: z.literal('project'), name: z.string().min(1) })
const TaskV1 = z.object({ kind: z.literal('task'), title: z.string().min(1), status: z.enum(['open', 'done']), project: z.string(), assignee: z.string().optional() })
const TaskV2 = TaskV1.extend({ priority: z.enum(['low', 'normal', 'high']) })

export const EntryV1 = z.discriminatedUnion('kind', [Project, TaskV1])
export const EntryV2 = z.discriminatedUnion('kind', [Project, TaskV2])
export type BoardEntryV1 = z.infer<typeof EntryV1>
export type BoardEntryV2 = z.infer<typeof EntryV2>

type AnyTask = { kind: 'task'; status: 'open' | 'done'; assignee?: string | undefined; project: string }
type AnyEntry = { kind: 'project' } | AnyTask

/** Only the assignee (or an admin) closes a task. */
export const assigneeCloses: Rule<AnyEntry> = entryRule<AnyEntry>('assignee-closes', ({ before, after, author }) => {
  if (after?.kind !== 'task' || after.status !== 'done') return true
  const was = before?.kind === 'task' ? before : undefined
  if (was?.status === 'done') return true
  const assignee = was ? was.assignee : after.assignee
  return author.role === 'admin' || (assignee !== undefined && assignee === author.member) || 'only the assignee or an admin closes a task'
})

/** Every task belongs to a project that exists (in the trash counts); orphans go to the Inbox. */
export const taskHasProject: Invariant<AnyEntry> = defineInvariant<AnyEntry>({
  name: 'task-has-project',
  violations: ({ entries }) => [...entries].filter(([, e]) => e.kind === 'task' && entries.get(e.project)?.kind !== 'project').map(([key]) => key),
  repair(entries, orphans) {
    // A fixed key and fixed content: two devices creating it at once write the same.
    if (!Object.hasOwn(entries, INBOX)) (entries as Record<string, unknown>)[INBOX] = { kind: 'project', name: 'Inbox' }
    for (const key of orphans) (entries[key] as AnyTask).project = INBOX
  },
})

export const boardV1 = defineDocumentType({
  name: 'board',
  version: 1,
  entry: EntryV1,
  rules: [assigneeCloses],
  invariants: [taskHasProject],
})

export const boardV2 = defineDocumentType({
  name: 'board',
  version: 2,
  entry: EntryV2,
  migrations: {
    2: (entry) => {
      if (entry.kind === 'task') entry.priority ??= 'normal'
    },
  },
  rules: [assigneeCloses],
  invariants: [taskHasProject],
})

export function task(title: string, project: string, extra: Partial<Extract<BoardEntryV1, { kind: 'task' }>> = {}): BoardEntryV1 {
  return { kind: 'task', title, status: 'open', project, ...extra }
}

export function project(name: string): BoardEntryV1 {
  return { kind: 'project', name }
}
