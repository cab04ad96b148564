// The list's data: the document "todos" holds one root key per item (id → item). Root keys,
// not a shared array: two devices adding items offline each add their own keys, and both
// survive the merge (two devices creating one array offline would make two competing arrays).

import type * as A from '@automerge/automerge'

export interface Todo {
  text: string
  done: boolean
  createdAt: number
}

export type Todos = Record<string, Todo>

export const TODOS_DOC = 'todos'

/** Items oldest first; anything that is not item-shaped (a peer may write anything) is skipped. */
export function listTodos(doc: A.Doc<Todos>): (Todo & { id: string })[] {
  return Object.entries(doc)
    .filter(([, value]) => typeof value === 'object' && value !== null && typeof value.text === 'string')
    .map(([id, value]) => ({ id, text: value.text, done: value.done === true, createdAt: Number(value.createdAt) || 0 }))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function addTodo(text: string): A.ChangeFn<Todos> {
  const id = `t${crypto.getRandomValues(new Uint32Array(2)).join('')}`
  return (doc) => void (doc[id] = { text, done: false, createdAt: Date.now() })
}

export function toggleTodo(id: string): A.ChangeFn<Todos> {
  return (doc) => {
    const todo = doc[id]
    if (todo) todo.done = !todo.done
  }
}

export function removeTodo(id: string): A.ChangeFn<Todos> {
  return (doc) => void delete doc[id]
}
