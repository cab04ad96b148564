// What the board shows, from the typed document's view: tasks and projects (the Inbox first),
// what sits in the trash, and the entries this app cannot read (listed apart, never dropped).

import type { DocumentView, TrashItem } from 'clientful'
import { INBOX, type BoardEntry } from './board-schema.ts'
import { taskView, type TaskView } from './task-model.ts'

export interface ProjectView {
  readonly id: string
  readonly name: string
  readonly isInbox: boolean
  /** Its live tasks. */
  readonly taskCount: number
}

export interface BoardContents {
  /** Oldest first. */
  readonly tasks: readonly TaskView[]
  /** The Inbox, then by name. */
  readonly projects: readonly ProjectView[]
  readonly taskById: ReadonlyMap<string, TaskView>
  readonly projectNames: ReadonlyMap<string, string>
}

/** `raw` reads an entry as stored (attachments are read from there, old forms included). */
export function boardContents(view: DocumentView<BoardEntry>, raw: (key: string) => unknown): BoardContents {
  const tasks: TaskView[] = []
  const projects: { id: string; name: string }[] = []
  for (const [id, entry] of view.entries) {
    if (entry.kind === 'task') tasks.push(taskView(id, entry, raw(id)))
    else projects.push({ id, name: entry.name })
  }
  tasks.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const counts = new Map<string, number>()
  for (const task of tasks) counts.set(task.project, (counts.get(task.project) ?? 0) + 1)
  const projectViews = projects
    .map((p) => ({ ...p, isInbox: p.id === INBOX, taskCount: counts.get(p.id) ?? 0 }))
    .sort((a, b) => Number(b.isInbox) - Number(a.isInbox) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
  return {
    tasks,
    projects: projectViews,
    taskById: new Map(tasks.map((t) => [t.id, t])),
    projectNames: new Map(projectViews.map((p) => [p.id, p.name])),
  }
}

/** How a trashed entry is named in the trash: a task's title or a project's name, read as stored. */
export function trashedEntryLabel(item: TrashItem, raw: (key: string) => unknown): { kind: 'task' | 'project' | 'entry'; label: string } {
  const value = raw(item.entry)
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  if (fields.kind === 'project') return { kind: 'project', label: String(fields.name ?? item.entry) }
  if (typeof fields.title === 'string') return { kind: 'task', label: fields.title }
  return { kind: 'entry', label: item.entry }
}
