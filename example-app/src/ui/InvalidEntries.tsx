// Entries of the board that do not fit this app's schema (written by a modified client, or by
// a newer app in a shape this one cannot read): listed apart with why, never dropped or hidden.

import type { SchemaIssue } from 'clientful'
import { describeIssues } from '../tasks/board-actions.ts'

export function InvalidEntries({ invalid }: { readonly invalid: readonly { readonly key: string; readonly issues: readonly SchemaIssue[] }[] }) {
  if (invalid.length === 0) return null
  return (
    <details className="invalid-entries" data-testid="invalid-entries" data-count={invalid.length}>
      <summary>
        {invalid.length} {invalid.length === 1 ? 'entry' : 'entries'} this app cannot show
      </summary>
      <ul>
        {invalid.map(({ key, issues }) => (
          <li key={key} data-testid="invalid-entry" data-entry={key}>
            <code>{key}</code>: {describeIssues(issues)}
          </li>
        ))}
      </ul>
    </details>
  )
}
