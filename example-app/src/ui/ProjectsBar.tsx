// The board's projects as a row of chips (scrolls sideways on a phone): pick one to see its
// tasks, add one, and rename or delete the one picked. A deleted project goes to the trash and
// its tasks wait in the Inbox until it is restored; the Inbox itself is fixed.

import { useState, type FormEvent } from 'react'
import { MAX_PROJECT_NAME } from '../tasks/board-schema.ts'
import type { ProjectView } from '../tasks/board-view.ts'
import { cleanProjectName } from '../tasks/board-actions.ts'
import { ConfirmButton } from './ConfirmButton.tsx'

export interface ProjectsBarProps {
  readonly projects: readonly ProjectView[]
  /** A project id, or 'all'. */
  readonly selected: string
  readonly writable: boolean
  readonly onSelect: (project: string) => void
  readonly onAdd: (name: string) => void
  readonly onRename: (id: string, name: string) => void
  readonly onDelete: (id: string) => void
}

export function ProjectsBar({ projects, selected, writable, onSelect, onAdd, onRename, onDelete }: ProjectsBarProps) {
  const [naming, setNaming] = useState<'new' | 'rename'>()
  const current = projects.find((p) => p.id === selected)
  const total = projects.reduce((sum, p) => sum + p.taskCount, 0)
  return (
    <section className="projects" aria-label="Projects" data-testid="projects">
      <div className="chips" role="radiogroup" aria-label="Show tasks of">
        <Chip label="All" count={total} active={selected === 'all'} onClick={() => onSelect('all')} id="all" />
        {projects.map((p) => (
          <Chip key={p.id} label={p.name} count={p.taskCount} active={p.id === selected} onClick={() => onSelect(p.id)} id={p.id} />
        ))}
        {writable && (
          <button type="button" className="chip chip-add" data-testid="project-new" onClick={() => setNaming(naming === 'new' ? undefined : 'new')}>
            + Project
          </button>
        )}
      </div>
      {naming === 'new' && <ProjectNameForm label="New project" initial="" submitLabel="Add project" onDone={() => setNaming(undefined)} onSubmit={onAdd} />}
      {naming === 'rename' && current && (
        <ProjectNameForm label={`Rename ${current.name}`} initial={current.name} submitLabel="Rename" onDone={() => setNaming(undefined)} onSubmit={(name) => onRename(current.id, name)} />
      )}
      {writable && current && !current.isInbox && naming === undefined && (
        <div className="project-actions">
          <button type="button" className="secondary touch" data-testid="project-rename" onClick={() => setNaming('rename')}>
            Rename
          </button>
          <ConfirmButton
            label="Delete project"
            question={`Delete ${current.name}? Its tasks move to the Inbox until it is restored from the trash.`}
            busyLabel="Deleting…"
            testId="project-delete"
            onConfirm={async () => onDelete(current.id)}
          />
        </div>
      )}
    </section>
  )
}

function Chip({ id, label, count, active, onClick }: { id: string; label: string; count: number; active: boolean; onClick: () => void }) {
  return (
    <button type="button" role="radio" aria-checked={active} className={`chip${active ? ' chip-active' : ''}`} data-testid="project-chip" data-project-id={id} onClick={onClick}>
      <span data-testid="project-chip-name">{label}</span> <span className="chip-count">{count}</span>
    </button>
  )
}

interface ProjectNameFormProps {
  readonly label: string
  readonly initial: string
  readonly submitLabel: string
  readonly onSubmit: (name: string) => void
  readonly onDone: () => void
}

function ProjectNameForm({ label, initial, submitLabel, onSubmit, onDone }: ProjectNameFormProps) {
  const [name, setName] = useState(initial)
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (cleanProjectName(name) === '') return
    onSubmit(name)
    onDone()
  }
  return (
    <form className="inline-form" onSubmit={submit} data-testid="project-form">
      <input aria-label={label} placeholder="Project name" data-testid="project-name-input" value={name} maxLength={MAX_PROJECT_NAME} autoFocus onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="touch" data-testid="project-name-submit">
        {submitLabel}
      </button>
      <button type="button" className="secondary touch" onClick={onDone}>
        Cancel
      </button>
    </form>
  )
}
