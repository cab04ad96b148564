// A field that two devices set at the same time holds both values; every device shows the same
// one. The picker lists each value with who set it and keeps the one chosen (on every device).

import type { ConflictValue } from 'clientful'
import { useState } from 'react'
import type { FieldChoice } from '../tasks/conflict-view.ts'
import { personLabel, type People } from '../tasks/member-names.ts'

export interface ConflictPickerProps {
  readonly choice: FieldChoice
  readonly people: People
  readonly writable: boolean
  /** How a value reads (an assignee's name, a project's name…). */
  readonly format?: (value: unknown) => string
  readonly onKeep: (path: readonly (string | number)[], op: string) => void
}

export function ConflictPicker({ choice, people, writable, format = formatValue, onKeep }: ConflictPickerProps) {
  const [open, setOpen] = useState(false)
  const { values, path } = choice.conflict
  return (
    <span className="conflict" data-testid="conflict" data-field={choice.field}>
      <button type="button" className="badge badge-conflict conflict-toggle" data-testid="conflict-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        ⚠ {values.length} values
      </button>
      {open && (
        <ul className="conflict-values" data-testid="conflict-picker" aria-label={`Values of ${choice.field}`}>
          {values.map((value) => (
            <li key={value.op} data-testid="conflict-value" data-shown={value.shown}>
              <span className="conflict-text" data-testid="conflict-value-text">
                {format(value.value)}
              </span>
              <span className="meta" data-testid="conflict-value-author">
                set by {authorOf(value, people)}
                {value.shown ? ' · shown now' : ''}
              </span>
              {writable && (
                <button
                  type="button"
                  className="touch"
                  data-testid="conflict-keep"
                  onClick={() => {
                    onKeep(path, value.op)
                    setOpen(false)
                  }}
                >
                  Keep
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </span>
  )
}

function authorOf(value: ConflictValue, people: People): string {
  // A device the membership does not know (yet) is named by its own short id.
  return value.member !== undefined ? personLabel(people, value.member) : `device ${value.device.slice(0, 8)}…`
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(empty)'
  if (typeof value === 'string') return value.replace(/\uFFFC/g, ' ').trim() || '(empty)'
  return JSON.stringify(value)
}
