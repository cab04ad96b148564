import { useState, type FormEvent } from 'react'
import { MAX_TITLE } from '../tasks/board-schema.ts'
import { cleanTitle } from '../tasks/task-model.ts'

export interface NewTaskFormProps {
  /** Where the task goes: the project shown, else the Inbox. */
  readonly projectName: string | undefined
  readonly disabled: boolean
  readonly onAdd: (title: string) => void
}

export function NewTaskForm({ projectName, disabled, onAdd }: NewTaskFormProps) {
  const [title, setTitle] = useState('')
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (cleanTitle(title) === '') return
    onAdd(title)
    setTitle('')
  }
  return (
    <form className="new-task" onSubmit={submit}>
      <input
        aria-label="New task title"
        data-testid="new-task-title"
        placeholder={projectName ? `What needs doing? (in ${projectName})` : 'What needs doing?'}
        value={title}
        maxLength={MAX_TITLE}
        disabled={disabled}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit" className="touch" data-testid="add-task" disabled={disabled}>
        Add task
      </button>
    </form>
  )
}
