// The board of the open workspace: add tasks, list them, edit one (#/task/<id>), invite people.

import type { WorkspaceConfig } from 'clientful'
import { useMemo, useState } from 'react'
import type { Route } from '../routing/hash-route.ts'
import type { WorkspaceSession } from '../session/use-workspace-session.ts'
import { addTask, editTask, findTask, listTasks, newTaskId, type TaskEdit } from '../tasks/task-model.ts'
import { InvitePanel } from './InvitePanel.tsx'
import { NewTaskForm } from './NewTaskForm.tsx'
import { StorageSettings } from './StorageSettings.tsx'
import { TaskDetail } from './TaskDetail.tsx'
import { TaskList } from './TaskList.tsx'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx'

export interface BoardProps {
  readonly session: WorkspaceSession
  readonly route: Route
  readonly workspaces: readonly WorkspaceConfig[]
  readonly onSwitch: (workspaceId: string) => void
  readonly onError: (message: string) => void
}

type Panel = 'none' | 'invite' | 'storage'

export function Board({ session, route, workspaces, onSwitch, onError }: BoardProps) {
  const { workspace, tasks: handle, doc } = session
  const [panel, setPanel] = useState<Panel>('none')
  const tasks = useMemo(() => listTasks(doc), [doc])
  const role = workspace.role
  const readOnly = role !== 'admin' && role !== 'writer'
  const selectedId = route.name === 'task' ? route.id : undefined

  const add = (title: string): void => void handle.change(addTask(newTaskId(), title, Date.now()))
  const edit = (id: string, change: TaskEdit): void => void handle.change(editTask(id, change))
  const toggle = (next: Panel): void => setPanel((current) => (current === next ? 'none' : next))

  return (
    <main className="board" data-testid="board">
      <header className="board-header">
        <h1 data-testid="workspace-name">{workspace.name}</h1>
        <span className="badge" data-testid="workspace-role">
          {role ?? 'removed'}
        </span>
        <WorkspaceSwitcher workspaces={workspaces} currentId={workspace.id} onSwitch={onSwitch} />
        {role === 'admin' && (
          <button type="button" data-testid="invite-open" onClick={() => toggle('invite')}>
            Invite
          </button>
        )}
        <button type="button" data-testid="storage-open" onClick={() => toggle('storage')}>
          Storage
        </button>
      </header>
      {panel === 'invite' && <InvitePanel workspace={workspace} onError={onError} />}
      {panel === 'storage' && (
        <StorageSettings
          workspace={workspace}
          onSaved={() => {
            setPanel('none')
            void workspace.sync().catch(() => {}) // failures land in the status bar
          }}
        />
      )}
      <div className="board-body">
        <section className="tasks">
          {readOnly ? <p className="form-hint">You can look but not edit ({role ?? 'no longer a member'}).</p> : <NewTaskForm onAdd={add} />}
          <TaskList tasks={tasks} selectedId={selectedId} />
        </section>
        {selectedId !== undefined && <TaskDetail task={findTask(doc, selectedId)} readOnly={readOnly} onEdit={(change) => edit(selectedId, change)} />}
      </div>
    </main>
  )
}
