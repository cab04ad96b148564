// One task: edit its title (saved on Save or when the field loses focus; remote edits show up
// unless this device is mid-edit), its status (saved at once) and its notes (rich text, saved
// as you type and merged character by character with other devices' typing). Its attachments
// come in as `children` (the board wires them to the workspace).

import type { DocHandle } from 'clientful'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import { TASK_STATUSES, isTaskStatus, type TaskEdit, type TasksDoc, type TaskView } from '../tasks/task-model.ts'
import { RichTextNotes } from './RichTextNotes.tsx'

export interface TaskDetailProps {
  readonly task: TaskView | undefined
  /** The tasks document, which the notes editor binds to. */
  readonly tasks: DocHandle<TasksDoc>
  readonly canEdit: boolean
  readonly onEdit: (edit: TaskEdit) => void
  readonly children?: ReactNode
}

export function TaskDetail({ task, tasks, canEdit, onEdit, children }: TaskDetailProps) {
  if (!task) {
    return (
      <section className="task-detail card" data-testid="task-detail-missing">
        <p>This task is not on this device (yet).</p>
        <a href={routeHash({ name: 'board' })}>← Back to the board</a>
      </section>
    )
  }
  return (
    <TaskEditor key={task.id} task={task} tasks={tasks} canEdit={canEdit} onEdit={onEdit}>
      {children}
    </TaskEditor>
  )
}

function TaskEditor({ task, tasks, canEdit, onEdit, children }: TaskDetailProps & { readonly task: TaskView }) {
  const title = useDraft(task.title)
  const save = (): void => {
    if (title.draft !== task.title) onEdit({ title: title.draft })
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
      <span className="label">Notes</span>
      <RichTextNotes tasks={tasks} taskId={task.id} editable={canEdit} />
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
