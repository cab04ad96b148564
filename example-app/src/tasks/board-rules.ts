// Rules every peer runs on every change to the board (the engine screens incoming changes with
// them, and this device's own before they leave it). Each judges one entry as the change's
// author made it: the entry before and after the change.

import { entryRule, type Rule } from 'clientful'
import { INBOX, INBOX_NAME, type BoardEntry } from './board-schema.ts'

/** An assigned task is closed only by its assignee or an admin; an unassigned one by anyone. */
export const assigneeCloses: Rule<BoardEntry> = entryRule<BoardEntry>('assignee-closes', ({ before, after, author }) => {
  if (after?.kind !== 'task' || after.status !== 'done') return true
  if (before?.kind === 'task' && before.status === 'done') return true
  const assignee = before?.kind === 'task' ? before.assignee : after.assignee
  if (assignee === undefined || author.role === 'admin' || assignee === author.member) return true
  return 'only its assignee or an admin closes an assigned task'
})

/** Without this, anyone could take an assigned task over and close it: the owner hands it on. */
export const assigneeHandsOver: Rule<BoardEntry> = entryRule<BoardEntry>('assignee-hands-over', ({ before, after, author }) => {
  if (before?.kind !== 'task' || before.assignee === undefined || after?.kind !== 'task') return true
  if (after.assignee === before.assignee || author.role === 'admin' || author.member === before.assignee) return true
  return 'only its assignee or an admin reassigns an assigned task'
})

/** The Inbox is where orphaned tasks go: it is never deleted or renamed. */
export const inboxIsFixed: Rule<BoardEntry> = entryRule<BoardEntry>('inbox-is-fixed', ({ key, before, after, trashedBefore, trashedAfter }) => {
  if (key !== INBOX) return true
  if (trashedAfter && !trashedBefore) return 'the Inbox is never deleted'
  if (before?.kind === 'project' && (after?.kind !== 'project' || after.name !== INBOX_NAME)) return 'the Inbox keeps its name'
  return true
})

export const BOARD_RULES: readonly Rule<BoardEntry>[] = [assigneeCloses, assigneeHandsOver, inboxIsFixed]
