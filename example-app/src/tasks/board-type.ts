// The board document type, at the schema versions the app has shipped. The board lives in the
// document the app always used, "tasks": opening it as a board migrates a workspace's existing
// tasks in place (version 1 → 2), on whichever writer opens it first, the same way on each.

import { defineDocumentType, type DocumentType } from 'clientful'
import { taskFromBeforeTheBoard, taskPriority } from './board-migrations.ts'
import { BOARD_INVARIANTS } from './board-invariants.ts'
import { BOARD_RULES } from './board-rules.ts'
import { EntrySchemaV2, EntrySchemaV3, type BoardEntry } from './board-schema.ts'

/** The document's name: the one the task list had before it became a board. */
export const BOARD_DOC = 'tasks'

const TRASH_RETENTION_MS = 30 * 24 * 3_600_000

/** The previous release: projects, assignees and due dates, no priority. */
export const boardV2 = defineDocumentType({
  name: 'board',
  version: 2,
  entry: EntrySchemaV2,
  migrations: { 2: taskFromBeforeTheBoard },
  rules: BOARD_RULES,
  invariants: BOARD_INVARIANTS,
  trashRetentionMs: TRASH_RETENTION_MS,
})

/** The current release: tasks have a priority. */
export const boardV3 = defineDocumentType({
  name: 'board',
  version: 3,
  entry: EntrySchemaV3,
  migrations: { 2: taskFromBeforeTheBoard, 3: taskPriority },
  rules: BOARD_RULES,
  invariants: BOARD_INVARIANTS,
  trashRetentionMs: TRASH_RETENTION_MS,
})

/** The type at a schema version this app can be built for (3 unless the build asks for 2). */
export function boardAtVersion(version: 2 | 3): DocumentType<BoardEntry> {
  // A version-3 entry is a version-2 entry with a priority: the app reads both as BoardEntry.
  return version === 2 ? (boardV2 as DocumentType<BoardEntry>) : (boardV3 as DocumentType<BoardEntry>)
}
