// One task: its title (saved on Save or when the field loses focus; remote edits show up unless
// this device is mid-edit), status, project, assignee, due date and priority (saved at once),
// and notes (rich text, merged character by character with other devices' typing). A field set
// differently on two devices at once is marked, with a picker. Delete moves the task to the
// trash; admins can also erase it permanently. Attachments come in as `children`.

import type { DocumentAccess } from 'clientful'
import type { MemberSummary } from 'clientful/react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import type { TaskEdit } from '../tasks/board-actions.ts'
import { MAX_TITLE, PRIORITIES, TASK_STATUSES, isPriority, isTaskStatus } from '../tasks/board-schema.ts'
import type { ProjectView } from '../tasks/board-view.ts'
import type { FieldChoice } from '../tasks/conflict-view.ts'
import { personLabel, type People } from '../tasks/member-names.ts'
import type { TaskView } from '../tasks/task-model.ts'
import type { BoardDocument } from '../tasks/use-board.ts'
import { ConfirmButton } from './ConfirmButton.tsx'
import { ConflictPicker } from './ConflictPicker.tsx'
import { EraseButton } from './EraseButton.tsx'
import { RichTextNotes } from './RichTextNotes.tsx'

export interface TaskDetailProps {
  readonly task: TaskView | undefined
  readonly taskId: string
  readonly doc: BoardDocument
  readonly access: DocumentAccess
  /** A reader's edits are tried (and undone by this device): see Board. */
  readonly readerTries: boolean
  readonly projects: readonly ProjectView[]
  readonly members: readonly MemberSummary[]
  readonly people: People
  readonly choices: readonly FieldChoice[]
  readonly isAdmin: boolean
  readonly onEdit: (edit: TaskEdit) => void
  readonly onPick: (path: readonly (string | number)[], op: string) => void
  readonly onDelete: () => void
  readonly onRestore: () => void
  readonly onErased: () => void
  readonly children?: ReactNode
}

export function TaskDetail(props: TaskDetailProps) {
  const { task, taskId, doc, access } = props
  if (!task) {
    const trashed = doc.read().trash.some((item) => item.entry === taskId)
    return (
      <section className="task-detail card" data-testid={trashed ? 'task-detail-trashed' : 'task-detail-missing'}>
        <p>{trashed ? 'This task is in the trash.' : 'This task is not on this device (yet).'}</p>
        {trashed && access.writable && (
          <button type="button" className="touch" data-testid="task-restore" onClick={props.onRestore}>
            Restore
          </button>
        )}
        <a href={routeHash({ name: 'board' })}>← Back to the board</a>
      </section>
    )
  }
  return <TaskEditor key={task.id} {...props} task={task} />
}

const FIELDS_WITH_INPUTS = new Set(['title', 'status', 'project', 'assignee', 'due', 'priority'])

function TaskEditor({ task, doc, access, readerTries, projects, members, people, choices, isAdmin, onEdit, onPick, onDelete, onErased, children }: TaskDetailProps & { readonly task: TaskView }) {
  const title = useDraft(task.title)
  const writable = access.writable
  const canTry = writable || readerTries
  const save = (): void => {
    if (canTry && title.draft !== task.title && title.draft.trim() !== '') onEdit({ title: title.draft })
  }
  const projectName = (id: unknown): string => projects.find((p) => p.id === id)?.name ?? String(id)
  const picker = (field: string, format?: (value: unknown) => string): ReactNode => {
    const choice = choices.find((c) => c.field === field)
    if (!choice) return null
    return <ConflictPicker choice={choice} people={people} writable={writable} onKeep={onPick} {...(format ? { format } : {})} />
  }
  const otherChoices = choices.filter((c) => !FIELDS_WITH_INPUTS.has(c.field))
  const assigneeIsMember = task.assignee === undefined || members.some((m) => m.userId === task.assignee)

  return (
    <section className="task-detail card" data-testid="task-detail" data-task-id={task.id}>
      <a href={routeHash({ name: 'board' })} className="back-link" data-testid="task-back">
        ← Back to the board
      </a>
      <FieldLabel htmlFor="task-title" label="Title" picker={picker('title')} />
      <input id="task-title" data-testid="task-title-input" value={title.draft} maxLength={MAX_TITLE} disabled={!canTry} onChange={(e) => title.set(e.target.value)} onBlur={save} />
      <div className="field-grid">
        <div>
          <FieldLabel htmlFor="task-status" label="Status" picker={picker('status')} />
          <select id="task-status" data-testid="task-status-select" value={task.status} disabled={!canTry} onChange={(e) => isTaskStatus(e.target.value) && onEdit({ status: e.target.value })}>
            {TASK_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="task-project" label="Project" picker={picker('project', projectName)} />
          <select id="task-project" data-testid="task-project-select" value={task.project} disabled={!writable} onChange={(e) => onEdit({ project: e.target.value })}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="task-assignee" label="Assignee" picker={picker('assignee', (v) => (typeof v === 'string' ? personLabel(people, v) : 'nobody'))} />
          <select id="task-assignee" data-testid="task-assignee-select" value={task.assignee ?? ''} disabled={!writable} onChange={(e) => onEdit({ assignee: e.target.value === '' ? null : e.target.value })}>
            <option value="">Nobody</option>
            {!assigneeIsMember && task.assignee !== undefined && <option value={task.assignee}>{personLabel(people, task.assignee)} (no longer a member)</option>}
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {personLabel(people, m.userId)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <FieldLabel htmlFor="task-due" label="Due" picker={picker('due')} />
          <span className="due-field">
            <input id="task-due" type="date" data-testid="task-due-input" value={task.due ?? ''} disabled={!writable} onChange={(e) => onEdit({ due: e.target.value === '' ? null : e.target.value })} />
            {task.due !== undefined && writable && (
              <button type="button" className="secondary touch" data-testid="task-due-clear" onClick={() => onEdit({ due: null })}>
                Clear
              </button>
            )}
          </span>
        </div>
        {doc.type.version >= 3 && (
          <div>
            <FieldLabel htmlFor="task-priority" label="Priority" picker={picker('priority')} />
            <select id="task-priority" data-testid="task-priority-select" value={task.priority ?? 'normal'} disabled={!writable} onChange={(e) => isPriority(e.target.value) && onEdit({ priority: e.target.value })}>
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {priority}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {task.orphanedFrom !== undefined && (
        <p className="meta" data-testid="task-orphaned">
          In the Inbox because its project was deleted; it goes back if that project is restored.
        </p>
      )}
      <span className="label">Notes</span>
      <RichTextNotes tasks={doc.handle} taskId={task.id} editable={writable} />
      {otherChoices.length > 0 && (
        <div className="other-conflicts" data-testid="other-conflicts">
          <span className="label">Also set differently at once</span>
          {otherChoices.map((choice) => (
            <div key={choice.field}>
              <code>{choice.field}</code> <ConflictPicker choice={choice} people={people} writable={writable} onKeep={onPick} />
            </div>
          ))}
        </div>
      )}
      <div className="task-actions">
        <button type="button" className="touch" data-testid="task-save" disabled={!canTry} onClick={save}>
          Save
        </button>
        {writable && (
          <ConfirmButton label="Delete" question={`Move “${task.title}” to the trash?`} busyLabel="Deleting…" testId="task-delete" onConfirm={async () => onDelete()} />
        )}
        {writable && isAdmin && <EraseButton docName={doc.name} entry={task.id} label={task.title} onErased={onErased} />}
      </div>
      <p className="meta">Created {new Date(task.createdAt).toLocaleString()}</p>
      {children}
    </section>
  )
}

function FieldLabel({ htmlFor, label, picker }: { readonly htmlFor: string; readonly label: string; readonly picker: ReactNode }) {
  return (
    <span className="field-label">
      <label htmlFor={htmlFor}>{label}</label>
      {picker}
    </span>
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
