// Search and filters over the board's tasks: words in the title or notes, status, assignee
// (the project is picked in the projects bar). Big enough to use with a thumb.

import type { MemberSummary } from 'clientful/react'
import { TASK_STATUSES, isTaskStatus } from '../tasks/board-schema.ts'
import { personLabel, type People } from '../tasks/member-names.ts'
import { isFiltering, NO_FILTER, type TaskFilter } from '../tasks/task-filter.ts'

export interface TaskFiltersProps {
  readonly filter: TaskFilter
  readonly members: readonly MemberSummary[]
  readonly people: People
  readonly onChange: (filter: TaskFilter) => void
}

export function TaskFilters({ filter, members, people, onChange }: TaskFiltersProps) {
  return (
    <div role="search" className="filters" data-testid="task-filters">
      <input
        type="search"
        aria-label="Search tasks"
        placeholder="Search titles and notes"
        data-testid="filter-text"
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
      />
      <select aria-label="Status" data-testid="filter-status" value={filter.status} onChange={(e) => onChange({ ...filter, status: isTaskStatus(e.target.value) ? e.target.value : 'any' })}>
        <option value="any">Any status</option>
        {TASK_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <select aria-label="Assignee" data-testid="filter-assignee" value={filter.assignee} onChange={(e) => onChange({ ...filter, assignee: e.target.value })}>
        <option value="anyone">Anyone</option>
        <option value="unassigned">Nobody yet</option>
        {members.map((member) => (
          <option key={member.userId} value={member.userId}>
            {personLabel(people, member.userId)}
          </option>
        ))}
      </select>
      {isFiltering(filter) && (
        <button type="button" className="secondary touch" data-testid="filter-clear" onClick={() => onChange(NO_FILTER)}>
          Clear
        </button>
      )}
    </div>
  )
}
