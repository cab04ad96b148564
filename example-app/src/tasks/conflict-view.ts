// Concurrent values worth asking about. Automerge keeps every value set concurrently and shows
// one; values that are all equal (two devices migrating or repairing at once write the same)
// leave nothing to choose, so only differing ones are offered.

import type { FieldConflict } from 'clientful'

export interface FieldChoice {
  readonly entry: string
  /** The field within the entry, e.g. "title" (deeper paths joined with dots). */
  readonly field: string
  readonly conflict: FieldConflict
}

export function fieldChoices(conflicts: readonly FieldConflict[]): FieldChoice[] {
  const choices: FieldChoice[] = []
  for (const conflict of conflicts) {
    const [entry, ...rest] = conflict.path
    if (typeof entry !== 'string' || rest.length === 0) continue
    if (new Set(conflict.values.map((v) => JSON.stringify(v.value))).size < 2) continue
    choices.push({ entry, field: rest.join('.'), conflict })
  }
  return choices
}

export function choicesByEntry(choices: readonly FieldChoice[]): Map<string, FieldChoice[]> {
  const byEntry = new Map<string, FieldChoice[]>()
  for (const choice of choices) byEntry.set(choice.entry, [...(byEntry.get(choice.entry) ?? []), choice])
  return byEntry
}
