// The board of the open workspace: add tasks, list them, edit one (#/task/<id>). A reader may
// try to edit a title too: the edit is undone on this device and listed as refused (see the
// shell's notices), which is exactly what every other member would do with it.

import { useDocument, useMyRole } from 'clientful/react'
import { useMemo } from 'react'
import type { Route } from '../routing/hash-route.ts'
import { addTask, editTask, findTask, listTasks, newTaskId, TASKS_DOC, type TaskEdit, type TasksDoc } from '../tasks/task-model.ts'
import { AttachmentsPanel } from './AttachmentsPanel.tsx'
import { NewTaskForm } from './NewTaskForm.tsx'
import { TaskDetail } from './TaskDetail.tsx'
import { TaskList } from './TaskList.tsx'

export function Board({ route }: { readonly route: Route }) {
  const [doc, change, handle] = useDocument<TasksDoc>(TASKS_DOC)
  const role = useMyRole()
  const tasks = useMemo(() => (doc ? listTasks(doc) : []), [doc])
  if (!doc || !handle) return <main className="loading">Opening the board…</main>
  const selectedId = route.name === 'task' ? route.id : undefined
  const selected = selectedId === undefined ? undefined : findTask(doc, selectedId)
  const canEdit = role === 'admin' || role === 'writer'

  const add = (title: string): void => change(addTask(newTaskId(), title, Date.now()))
  const edit = (id: string, taskEdit: TaskEdit): void => change(editTask(id, taskEdit))

  return (
    <main className="board" data-testid="board">
      <div className="board-body">
        <section className="tasks">
          <NewTaskForm onAdd={add} />
          <TaskList tasks={tasks} selectedId={selectedId} />
        </section>
        {selectedId !== undefined && (
          <TaskDetail task={selected} tasks={handle} canEdit={canEdit} onEdit={(taskEdit) => edit(selectedId, taskEdit)}>
            {selected && <AttachmentsPanel tasks={handle} taskId={selected.id} attachments={selected.attachments} canEdit={canEdit} />}
          </TaskDetail>
        )}
      </div>
    </main>
  )
}
