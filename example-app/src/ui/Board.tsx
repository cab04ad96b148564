// The board of the open workspace: projects, search and filters, the task list and one task
// (#/task/<id>). It is a typed document: every write is checked against the rules every peer
// runs, and a refused one says why. A reader may still try to edit a task: the edit is made
// locally, undone by this device and listed as refused, exactly as every other member would.

import type { WriteResult } from 'clientful'
import { useMembership, useProfiles } from 'clientful/react'
import { useMemo, useState } from 'react'
import { navigate, type Route } from '../routing/hash-route.ts'
import { describeError } from '../session/describe-error.ts'
import { INBOX } from '../tasks/board-schema.ts'
import { addProject, addTask, applyTaskEdit, describeRefusal, editTask, renameProject, type TaskEdit } from '../tasks/board-actions.ts'
import { boardContents } from '../tasks/board-view.ts'
import { choicesByEntry, fieldChoices } from '../tasks/conflict-view.ts'
import type { People } from '../tasks/member-names.ts'
import { newTask, newTaskId } from '../tasks/task-model.ts'
import { filterTasks, NO_FILTER, type TaskFilter } from '../tasks/task-filter.ts'
import { useBoard, type BoardSnapshot } from '../tasks/use-board.ts'
import { AttachmentsPanel } from './AttachmentsPanel.tsx'
import { BoardNotices } from './BoardNotices.tsx'
import { InvalidEntries } from './InvalidEntries.tsx'
import { NewTaskForm } from './NewTaskForm.tsx'
import { ProjectsBar } from './ProjectsBar.tsx'
import { TaskDetail } from './TaskDetail.tsx'
import { TaskFilters } from './TaskFilters.tsx'
import { TaskList } from './TaskList.tsx'
import './board.css'

export function Board({ route }: { readonly route: Route }) {
  const opened = useBoard()
  // Kept here: the board reopens (and OpenBoard remounts) when an erasure moves it on.
  const [filter, setFilter] = useState<TaskFilter>(NO_FILTER)
  const [erased, setErased] = useState(false)
  if (opened.state === 'failed') {
    return (
      <main className="loading" data-testid="board-failed">
        The board could not be opened: {describeError(opened.error)}
      </main>
    )
  }
  if (opened.state === 'opening') return <main className="loading">Opening the board…</main>
  return <OpenBoard board={opened} route={route} filter={filter} onFilter={setFilter} erased={erased} onErased={setErased} />
}

interface OpenBoardProps {
  readonly board: BoardSnapshot
  readonly route: Route
  readonly filter: TaskFilter
  readonly onFilter: (filter: TaskFilter) => void
  /** This device just erased a task (the notice says what remains). */
  readonly erased: boolean
  readonly onErased: (erased: boolean) => void
}

function OpenBoard({ board, route, filter: chosen, onFilter, erased, onErased }: OpenBoardProps) {
  const { doc, view, access } = board
  const membership = useMembership()
  const { nameOf, me } = useProfiles()
  const people: People = { nameOf, me, membership: membership.state }
  const [problem, setProblem] = useState<string>()
  // `view` changes with the document's heads: contents and conflicts follow it.
  const contents = useMemo(() => boardContents(view, (key) => doc.handle.doc()[key]), [view, doc])
  const choices = useMemo(() => choicesByEntry(fieldChoices(doc.conflicts())), [view, doc])
  // A project shown here may be deleted elsewhere: then all projects are shown.
  const filter = chosen.project === 'all' || contents.projectNames.has(chosen.project) ? chosen : { ...chosen, project: 'all' }
  const shown = useMemo(() => filterTasks(contents.tasks, filter), [contents, filter])
  const selectedId = route.name === 'task' ? route.id : undefined
  const selected = selectedId === undefined ? undefined : contents.taskById.get(selectedId)
  const writable = access.writable
  // See the header: a reader's attempt goes through the raw document, to be undone.
  const readerTries = !access.writable && access.reason === 'reader'

  const report = (result: WriteResult): boolean => {
    setProblem(result.ok ? undefined : describeRefusal(result))
    return result.ok
  }
  const edit = (id: string, taskEdit: TaskEdit): void => {
    if (!readerTries) return void report(editTask(doc, id, taskEdit))
    doc.handle.change((d) => {
      const task = d[id]
      if (typeof task === 'object' && task !== null) applyTaskEdit(task as Record<string, unknown>, taskEdit)
    })
  }
  const inProject = filter.project !== 'all' ? filter.project : undefined
  const add = (title: string): void => {
    const fields = { title, project: inProject ?? INBOX, ...(doc.type.version >= 3 && { priority: 'normal' as const }) }
    if (readerTries) return void doc.handle.change((d) => void (d[newTaskId()] = newTask(fields, Date.now())))
    report(addTask(doc, fields).result)
  }

  return (
    <main className="board" data-testid="board" data-schema={doc.type.version} data-doc={doc.name}>
      <BoardNotices access={access} view={view} contents={contents} people={people} problem={problem} erased={erased} onDismissErased={() => onErased(false)} onDismiss={(entry) => report(doc.dismissNotice(entry))} />
      <div className={`board-body${selectedId !== undefined ? ' has-detail' : ''}`}>
        <section className="tasks" aria-label="Tasks">
          <ProjectsBar
            projects={contents.projects}
            selected={filter.project}
            writable={writable}
            onSelect={(project) => onFilter({ ...filter, project })}
            onAdd={(name) => {
              const { id, result } = addProject(doc, name)
              if (report(result)) onFilter({ ...filter, project: id })
            }}
            onRename={(id, name) => report(renameProject(doc, id, name))}
            onDelete={(id) => {
              if (report(doc.delete(id))) onFilter({ ...filter, project: 'all' })
            }}
          />
          <TaskFilters filter={filter} members={membership.members} people={people} onChange={onFilter} />
          <NewTaskForm disabled={!writable && !readerTries} projectName={contents.projectNames.get(inProject ?? INBOX)} onAdd={add} />
          <TaskList tasks={shown} total={contents.tasks.length} selectedId={selectedId} projectNames={contents.projectNames} showProject={filter.project === 'all'} conflicts={choices} people={people} />
          <InvalidEntries invalid={view.invalid} />
        </section>
        {selectedId !== undefined && (
          <TaskDetail
            task={selected}
            taskId={selectedId}
            doc={doc}
            access={access}
            readerTries={readerTries}
            projects={contents.projects}
            members={membership.members}
            people={people}
            choices={choices.get(selectedId) ?? []}
            isAdmin={membership.myRole === 'admin'}
            onEdit={(taskEdit) => edit(selectedId, taskEdit)}
            onPick={(path, op) => report(doc.pick(path, op))}
            onDelete={() => {
              if (report(doc.delete(selectedId))) navigate({ name: 'board' })
            }}
            onRestore={() => report(doc.restore(selectedId))}
            onErased={() => {
              onErased(true)
              navigate({ name: 'board' })
            }}
          >
            {selected && <AttachmentsPanel tasks={doc.handle} taskId={selected.id} attachments={selected.attachments} canEdit={writable} />}
          </TaskDetail>
        )}
      </div>
    </main>
  )
}
