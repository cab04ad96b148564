// The tasks the filters let through, each with its project (when all are shown), assignee, due
// date, priority and status, and a mark when a field holds values set at once on two devices.

import { routeHash } from '../routing/hash-route.ts'
import type { FieldChoice } from '../tasks/conflict-view.ts'
import { personLabel, type People } from '../tasks/member-names.ts'
import { isOverdue, today } from '../tasks/task-filter.ts'
import type { TaskView } from '../tasks/task-model.ts'

export interface TaskListProps {
  readonly tasks: readonly TaskView[]
  /** How many tasks the board has, filtered or not. */
  readonly total: number
  readonly selectedId: string | undefined
  readonly projectNames: ReadonlyMap<string, string>
  readonly showProject: boolean
  readonly conflicts: ReadonlyMap<string, readonly FieldChoice[]>
  readonly people: People
}

export function TaskList({ tasks, total, selectedId, projectNames, showProject, conflicts, people }: TaskListProps) {
  if (total === 0) return <p className="empty" data-testid="task-list-empty">No tasks yet.</p>
  if (tasks.length === 0) return <p className="empty" data-testid="task-list-no-match">No task matches these filters.</p>
  const todayDate = today()
  return (
    <ul className="task-list" data-testid="task-list" data-count={tasks.length}>
      {tasks.map((task) => {
        const fields = conflicts.get(task.id) ?? []
        return (
          <li
            key={task.id}
            className={task.id === selectedId ? 'selected' : undefined}
            data-testid="task-row"
            data-task-id={task.id}
            data-project={task.project}
            data-status={task.status}
            data-assignee={task.assignee ?? ''}
            data-due={task.due ?? ''}
          >
            <a href={routeHash({ name: 'task', id: task.id })} className="task-link">
              <span data-testid="task-title">{task.title || '(untitled)'}</span>
              <span className="task-meta">
                {showProject && <span data-testid="task-project">{projectNames.get(task.project) ?? task.project}</span>}
                {task.assignee !== undefined && <span data-testid="task-assignee">@{personLabel(people, task.assignee)}</span>}
                {task.due !== undefined && (
                  <span data-testid="task-due" className={isOverdue(task, todayDate) ? 'overdue' : undefined}>
                    due {task.due}
                  </span>
                )}
                {task.priority === 'high' && <span data-testid="task-priority">high priority</span>}
              </span>
            </a>
            {fields.length > 0 && (
              <span className="badge badge-conflict" data-testid="task-conflict-mark" title={`Set differently at once: ${fields.map((f) => f.field).join(', ')}`}>
                ⚠ pick
              </span>
            )}
            <span className={`badge badge-${task.status}`} data-testid="task-status">
              {task.status}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
