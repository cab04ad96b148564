import { useState, type FormEvent } from 'react'
import { cleanTitle } from '../tasks/task-model.ts'

export function NewTaskForm({ onAdd }: { readonly onAdd: (title: string) => void }) {
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
        placeholder="What needs doing?"
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit" data-testid="add-task">
        Add task
      </button>
    </form>
  )
}
