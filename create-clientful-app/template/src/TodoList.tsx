// The shared list: add, tick off and remove items. useDocument re-renders this component
// whenever the document changes — here, in another tab, or on another device.

import { useDocument, useMyRole } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import { addTodo, listTodos, removeTodo, TODOS_DOC, toggleTodo, type Todos } from './todos.ts'

export function TodoList() {
  const [doc, change] = useDocument<Todos>(TODOS_DOC)
  const role = useMyRole()
  const [text, setText] = useState('')
  if (!doc) return <p>Opening the list…</p>
  const canEdit = role === 'admin' || role === 'writer'
  const add = (event: FormEvent): void => {
    event.preventDefault()
    if (text.trim() === '') return
    change(addTodo(text.trim()))
    setText('')
  }
  return (
    <section>
      {canEdit && (
        <form onSubmit={add}>
          <input aria-label="New to-do" placeholder="What needs doing?" value={text} onChange={(event) => setText(event.target.value)} maxLength={500} />
          <button type="submit">Add</button>
        </form>
      )}
      <ul aria-label="To-dos">
        {listTodos(doc).map((todo) => (
          <li key={todo.id}>
            <label>
              <input type="checkbox" checked={todo.done} disabled={!canEdit} onChange={() => change(toggleTodo(todo.id))} /> {todo.text}
            </label>
            {canEdit && (
              <button type="button" aria-label={`Remove ${todo.text}`} onClick={() => change(removeTodo(todo.id))}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
