// One task: edit its title and notes (saved on Save or when the field loses focus) and its
// status (saved at once). Remote edits show up unless this device is mid-edit of that field.
// Its attachments come in as `children` (the board wires them to the workspace).

import { useEffect, useRef, useState, type ReactNode } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import { TASK_STATUSES, isTaskStatus, type TaskEdit, type TaskView } from '../tasks/task-model.ts'

export interface TaskDetailProps {
  readonly task: TaskView | undefined
  readonly onEdit: (edit: TaskEdit) => void
  readonly children?: ReactNode
}

export function TaskDetail({ task, onEdit, children }: TaskDetailProps) {
  if (!task) {
    return (
      <section className="task-detail card" data-testid="task-detail-missing">
        <p>This task is not on this device (yet).</p>
        <a href={routeHash({ name: 'board' })}>← Back to the board</a>
      </section>
    )
  }
  return (
    <TaskEditor key={task.id} task={task} onEdit={onEdit}>
      {children}
    </TaskEditor>
  )
}

function TaskEditor({ task, onEdit, children }: TaskDetailProps & { readonly task: TaskView }) {
  const title = useDraft(task.title)
  const notes = useDraft(task.notes)
  const save = (): void => {
    const edit: TaskEdit = {
      ...(title.draft !== task.title ? { title: title.draft } : {}),
      ...(notes.draft !== task.notes ? { notes: notes.draft } : {}),
    }
    if (Object.keys(edit).length > 0) onEdit(edit)
  }

  return (
    <section className="task-detail card" data-testid="task-detail" data-task-id={task.id}>
      <a href={routeHash({ name: 'board' })} data-testid="task-back">
        ← Back to the board
      </a>
      <label htmlFor="task-title">Title</label>
      <input id="task-title" data-testid="task-title-input" value={title.draft} maxLength={200} onChange={(e) => title.set(e.target.value)} onBlur={save} />
      <label htmlFor="task-status">Status</label>
      <select
        id="task-status"
        data-testid="task-status-select"
        value={task.status}
        onChange={(e) => isTaskStatus(e.target.value) && onEdit({ status: e.target.value })}
      >
        {TASK_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <label htmlFor="task-notes">Notes</label>
      <textarea id="task-notes" data-testid="task-notes-input" value={notes.draft} rows={6} onChange={(e) => notes.set(e.target.value)} onBlur={save} />
      <button type="button" data-testid="task-save" onClick={save}>
        Save
      </button>
      <p className="meta">Created {new Date(task.createdAt).toLocaleString()}</p>
      {children}
    </section>
  )
}

/** A field's local draft that follows the document until the user starts editing it. */
function useDraft(value: string): { draft: string; set: (next: string) => void } {
  const [draft, setDraft] = useState(value)
  const synced = useRef(value)
  useEffect(() => {
    // Untouched since the last document value: follow the document (remote edits, saves).
    const previous = synced.current
    synced.current = value
    setDraft((current) => (current === previous ? value : current))
  }, [value])
  return { draft, set: setDraft }
}
