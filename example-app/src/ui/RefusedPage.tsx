// What this device refused in the workspace, newest first: edits it undid (a reader's, or a
// removed device's) and anything from storage or the relay that did not check out.

import { useClient } from 'clientful/react'
import { describeRejection, rejectionReasonWords } from '../session/describe-error.ts'
import { describeAuthor } from '../session/membership-view.ts'
import type { Rejection } from 'clientful'
import { useProfiles, useWorkspace } from 'clientful/react'

export function RefusedPage({ items }: { readonly items: readonly Rejection[] }) {
  const client = useClient()
  const workspace = useWorkspace()
  const { nameOf } = useProfiles()
  const me = { userId: client.userId, deviceId: client.deviceId }
  const newestFirst = [...items].reverse()
  return (
    <main className="page" data-testid="refused-page">
      <h2>Refused</h2>
      <p className="form-hint">Nothing here was applied: every device refuses the same things for the same reasons.</p>
      {newestFirst.length === 0 ? (
        <p className="empty" data-testid="refused-empty">
          Nothing was refused.
        </p>
      ) : (
        <ul className="rows refused" data-testid="refused-list">
          {newestFirst.map((rejection, i) => (
            <li key={`${rejection.at}-${i}`} data-testid="refused-row" data-kind={rejection.kind} data-reason={rejection.reason}>
              <strong data-testid="refused-summary">{describeRejection(rejection)}</strong>
              <span className="meta">
                <time data-testid="refused-time">{Number.isFinite(rejection.at) ? new Date(rejection.at).toLocaleString() : 'unknown time'}</time>{' '}
                · by <span data-testid="refused-author">{describeAuthor(workspace.membership, rejection.device, me, nameOf)}</span> · reason{' '}
                <span data-testid="refused-reason" title={rejectionReasonWords(rejection)}>
                  {rejection.reason}
                </span>{' '}
                · via {rejection.source}
              </span>
              <span data-testid="refused-detail">{rejection.detail}</span>
              {rejection.path && <code className="meta">{rejection.path}</code>}
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
