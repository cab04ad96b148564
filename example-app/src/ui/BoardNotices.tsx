// Above the board: why it is read-only here (an older app than the data, an erased board), what
// came back out of the trash because someone edited it while it was being deleted, what an
// erasure left behind, and why the last write was refused.

import type { DocumentAccess, DocumentView } from 'clientful'
import type { BoardEntry } from '../tasks/board-schema.ts'
import type { BoardContents } from '../tasks/board-view.ts'
import { devicesLabel, personLabel, type People } from '../tasks/member-names.ts'
import { ERASURE_REMAINS } from '../tasks/erasure-remains.ts'

export interface BoardNoticesProps {
  readonly access: DocumentAccess
  readonly view: DocumentView<BoardEntry>
  readonly contents: BoardContents
  readonly people: People
  readonly problem: string | undefined
  /** This device just erased a task. */
  readonly erased: boolean
  readonly onDismissErased: () => void
  readonly onDismiss: (entry: string) => void
}

export function BoardNotices({ access, view, contents, people, problem, erased, onDismissErased, onDismiss }: BoardNoticesProps) {
  return (
    <>
      {!access.writable && access.reason === 'app-outdated' && (
        <div className="banner banner-warning" data-testid="board-readonly" data-reason={access.reason} role="status">
          <span>
            <strong>Update the app to edit this board.</strong> Someone opened it with a newer version of the app, which changed how tasks are
            stored. This device shows it read-only until the app is updated (reload it once the update is offered); nothing you see is lost.
          </span>
        </div>
      )}
      {!access.writable && (access.reason === 'erased' || access.reason === 'wrong-type') && (
        <div className="banner banner-bad" data-testid="board-readonly" data-reason={access.reason} role="status">
          {access.detail}
        </div>
      )}
      {view.notices.map(({ entry, notice }) => {
        const task = contents.taskById.get(entry)
        const what = task ? `Task “${task.title}”` : contents.projectNames.has(entry) ? `Project “${contents.projectNames.get(entry)}”` : entry
        return (
          <div key={entry} className="banner banner-warning" data-testid="restore-notice" data-entry={entry} role="status">
            <span>
              {what} came back: {capitalize(devicesLabel(people, notice.editors))} edited it while {personLabel(people, notice.deletedBy)} deleted it.
            </span>
            {access.writable && (
              <button type="button" className="secondary touch" data-testid="restore-notice-dismiss" onClick={() => onDismiss(entry)}>
                OK
              </button>
            )}
          </div>
        )
      })}
      {erased && (
        <div className="banner" data-testid="erase-remains" role="status">
          <span>
            The task was erased: the board moved to a copy without it and without history, which every device follows as it syncs.{' '}
            {ERASURE_REMAINS}
          </span>
          <button type="button" className="secondary touch" onClick={onDismissErased}>
            OK
          </button>
        </div>
      )}
      {problem !== undefined && (
        <p className="form-error" role="alert" data-testid="board-problem">
          {problem}
        </p>
      )}
    </>
  )
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
