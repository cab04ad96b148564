// Migrations of board entries, one per schema version. Each runs on live drafts, on plain copies
// and again on old-shaped data that arrives late (a device still running an older app), so each
// only fills what is missing, with values taken from the entry itself: two devices migrating
// at once write the same values, and a second run writes nothing.

import { INBOX } from './board-schema.ts'

/**
 * 2: a task from before the board (`{ title, status, notes, createdAt, attachments }`, no kind)
 * becomes a board task in the Inbox. Anything else without a kind is left alone: it shows
 * among the entries this app cannot read.
 */
export function taskFromBeforeTheBoard(entry: Record<string, unknown>): void {
  if (entry.kind !== undefined || typeof entry.title !== 'string') return
  entry.kind = 'task'
  entry.project ??= INBOX
}

/** 3: tasks get a priority. */
export function taskPriority(entry: Record<string, unknown>): void {
  if (entry.kind === 'task') entry.priority ??= 'normal'
}
