// The board's trash (#/trash): what was deleted, by whom, when, and until when it can be
// restored; Restore puts it back on every device. Expired entries are purged by any writer.

import { useMembership, useProfiles } from 'clientful/react'
import { useState } from 'react'
import { describeError } from '../session/describe-error.ts'
import { describeRefusal } from '../tasks/board-actions.ts'
import { ERASURE_REMAINS } from '../tasks/erasure-remains.ts'
import { trashedEntryLabel } from '../tasks/board-view.ts'
import { personLabel, type People } from '../tasks/member-names.ts'
import { useBoard } from '../tasks/use-board.ts'
import { EraseButton } from './EraseButton.tsx'
import './board.css'

export function TrashPage() {
  const opened = useBoard()
  const membership = useMembership()
  const { nameOf, me } = useProfiles()
  const [problem, setProblem] = useState<string>()
  // Kept while the board reopens in the copy an erasure leaves.
  const [erased, setErased] = useState(false)
  if (opened.state === 'failed') return <main className="loading">The board could not be opened: {describeError(opened.error)}</main>
  if (opened.state === 'opening') return <main className="loading">Opening the trash…</main>
  const { doc, view, access } = opened
  const people: People = { nameOf, me, membership: membership.state }
  const raw = (key: string): unknown => doc.handle.doc()[key]
  return (
    <main className="page trash" data-testid="trash-page">
      <h2>Trash</h2>
      <p className="form-hint">Deleted tasks and projects stay here for 30 days; anyone who edits the board can restore them until then.</p>
      {erased && (
        <p className="banner" data-testid="erase-remains" role="status">
          Erased: the board moved to a copy without it and without history, which every device follows as it syncs. {ERASURE_REMAINS}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="trash-problem">
          {problem}
        </p>
      )}
      {view.trash.length === 0 && (
        <p className="empty" data-testid="trash-empty">
          The trash is empty.
        </p>
      )}
      <ul className="rows trash-rows">
        {view.trash.map((item) => {
          const { kind, label } = trashedEntryLabel(item, raw)
          return (
            <li key={item.entry} data-testid="trash-row" data-entry={item.entry} data-kind={kind} data-at={item.record.at} data-until={item.record.until}>
              <span>
                <strong data-testid="trash-label">{label}</strong> <span className="badge">{kind}</span>
                <br />
                <span className="meta" data-testid="trash-deleted">
                  Deleted by {personLabel(people, item.record.by)} on {new Date(item.record.at).toLocaleString()}
                </span>
                <br />
                <span className="meta" data-testid="trash-until">
                  Restorable until {new Date(item.record.until).toLocaleDateString()}
                </span>
              </span>
              {access.writable && (
                <span className="trash-actions">
                  <button
                    type="button"
                    className="touch"
                    data-testid="trash-restore"
                    onClick={() => {
                      const result = doc.restore(item.entry)
                      setProblem(result.ok ? undefined : describeRefusal(result))
                    }}
                  >
                    Restore
                  </button>
                  {membership.myRole === 'admin' && <EraseButton docName={doc.name} entry={item.entry} label={label} onErased={() => setErased(true)} />}
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </main>
  )
}
