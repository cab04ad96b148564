// What must hold across entries after any merge, repaired by whichever writer sees it broken
// first (peers redo each repair to check it). Keys and values come from the state alone, so two
// devices repairing at once write the same thing and the merge shows one result.

import { defineInvariant, type Invariant } from 'clientful'
import { INBOX, INBOX_NAME, type BoardEntry, type Project, type Task } from './board-schema.ts'

const INBOX_PROJECT: Project = { kind: 'project', name: INBOX_NAME, createdAt: 0 }

/** The Inbox exists on every board, so orphans always have somewhere to go. */
export const inboxExists: Invariant<BoardEntry> = defineInvariant<BoardEntry>({
  name: 'inbox-exists',
  violations: ({ entries }) => (entries.get(INBOX)?.kind === 'project' ? [] : [INBOX]),
  repair(entries) {
    entries[INBOX] = { ...INBOX_PROJECT }
  },
})

function isLiveProject(key: string, entries: ReadonlyMap<string, BoardEntry>, trashed: ReadonlySet<string>): boolean {
  return entries.get(key)?.kind === 'project' && !trashed.has(key)
}

/**
 * Every task is in a live project. A project deleted (or erased) while someone added a task to
 * it offline leaves orphans: they move to the Inbox and remember where they came from.
 */
export const taskInLiveProject: Invariant<BoardEntry> = defineInvariant<BoardEntry>({
  name: 'task-in-live-project',
  violations: ({ entries, trashed }) =>
    [...entries].filter(([, entry]) => entry.kind === 'task' && !isLiveProject(entry.project, entries, trashed)).map(([key]) => key),
  repair(entries, orphans) {
    for (const key of orphans) {
      const task = entries[key] as Task
      if (task.project !== INBOX) task.orphanedFrom = task.project
      task.project = INBOX
    }
  },
})

/** A deleted project that is restored (or comes back) takes its tasks back from the Inbox. */
export const orphansReturn: Invariant<BoardEntry> = defineInvariant<BoardEntry>({
  name: 'orphans-return',
  violations: ({ entries, trashed }) =>
    [...entries]
      .filter(([, entry]) => entry.kind === 'task' && entry.project === INBOX && entry.orphanedFrom !== undefined && isLiveProject(entry.orphanedFrom, entries, trashed))
      .map(([key]) => key),
  repair(entries, returning) {
    for (const key of returning) {
      const task = entries[key] as Task
      task.project = task.orphanedFrom ?? INBOX
      delete task.orphanedFrom
    }
  },
})

export const BOARD_INVARIANTS: readonly Invariant<BoardEntry>[] = [inboxExists, taskInLiveProject, orphansReturn]
