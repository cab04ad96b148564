import { routeHash } from '../routing/hash-route.ts'
import type { TaskView } from '../tasks/task-model.ts'

export function TaskList({ tasks, selectedId }: { readonly tasks: readonly TaskView[]; readonly selectedId: string | undefined }) {
  if (tasks.length === 0) return <p className="empty" data-testid="task-list-empty">No tasks yet.</p>
  return (
    <ul className="task-list" data-testid="task-list">
      {tasks.map((task) => (
        <li key={task.id} className={task.id === selectedId ? 'selected' : undefined} data-testid="task-row" data-task-id={task.id}>
          <a href={routeHash({ name: 'task', id: task.id })} data-testid="task-title">
            {task.title || '(untitled)'}
          </a>
          <span className={`badge badge-${task.status}`} data-testid="task-status">
            {task.status}
          </span>
        </li>
      ))}
    </ul>
  )
}
