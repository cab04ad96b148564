// The board of the open workspace: add tasks, list them, edit one (#/task/<id>). A reader may
// try to edit too: the edit is undone on this device and listed as refused (see the shell's
// notices), which is exactly what every other member would do with it.

import { useMemo } from 'react'
import type { Route } from '../routing/hash-route.ts'
import type { WorkspaceSession } from '../session/use-workspace-session.ts'
import { addTask, editTask, findTask, listTasks, newTaskId, type TaskEdit } from '../tasks/task-model.ts'
import { AttachmentsPanel } from './AttachmentsPanel.tsx'
import { NewTaskForm } from './NewTaskForm.tsx'
import { TaskDetail } from './TaskDetail.tsx'
import { TaskList } from './TaskList.tsx'

export function Board({ session, route }: { readonly session: WorkspaceSession; readonly route: Route }) {
  const { tasks: handle, doc, workspace, role, attachments, status } = session
  const tasks = useMemo(() => listTasks(doc), [doc])
  const selectedId = route.name === 'task' ? route.id : undefined
  const selected = selectedId === undefined ? undefined : findTask(doc, selectedId)

  const add = (title: string): void => void handle.change(addTask(newTaskId(), title, Date.now()))
  const edit = (id: string, change: TaskEdit): void => void handle.change(editTask(id, change))

  return (
    <main className="board" data-testid="board">
      <div className="board-body">
        <section className="tasks">
          <NewTaskForm onAdd={add} />
          <TaskList tasks={tasks} selectedId={selectedId} />
        </section>
        {selectedId !== undefined && (
          <TaskDetail task={selected} onEdit={(change) => edit(selectedId, change)}>
            {selected && (
              <AttachmentsPanel
                workspace={workspace}
                tasks={handle}
                taskId={selected.id}
                attachments={selected.attachments}
                activity={attachments}
                lastSyncAt={status.lastSyncAt}
                canEdit={role === 'admin' || role === 'writer'}
              />
            )}
          </TaskDetail>
        )}
      </div>
    </main>
  )
}
