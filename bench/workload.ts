// The offline session every sync benchmark replays: 10,000 changes across 20 project
// documents, each change one small edit to one task (create it, rename it, tick it, assign
// it, reprioritise it). 50 tasks per document keeps maps small (PERF-FACTS: flat maps with
// thousands of keys slow every change down), as a real task list would. Every edit sets a
// new value: Automerge records no change when a number is set to the value it already has.

export const DOCS = 20
export const CHANGES_PER_DOC = 500
export const TASKS_PER_DOC = 50
export const TOTAL_CHANGES = DOCS * CHANGES_PER_DOC

export interface Task {
  title: string
  done: boolean
  priority: number
  assignee: string
}

export interface Project {
  tasks?: Record<string, Task>
}

const PEOPLE = ['ana', 'bo', 'chen', 'dara', 'eli']

export function docName(index: number): string {
  return `project-${String(index).padStart(2, '0')}`
}

/** The `n`th edit (0-based) of a document, as an Automerge change callback. */
export function editFor(n: number): (doc: Project) => void {
  const key = `task-${String(n % TASKS_PER_DOC).padStart(3, '0')}`
  const round = Math.floor(n / TASKS_PER_DOC)
  return (doc) => {
    doc.tasks ??= {}
    const task = doc.tasks[key]
    if (!task) {
      doc.tasks[key] = { title: `Task ${n}`, done: false, priority: 2, assignee: '' }
      return
    }
    switch (round % 4) {
      case 1:
        task.title = `Task ${n}: check the pump at site ${round}`
        break
      case 2:
        task.assignee = PEOPLE[(PEOPLE.indexOf(task.assignee) + 1) % PEOPLE.length]!
        break
      case 3:
        task.priority = (task.priority + 1) % 5
        break
      default:
        task.done = !task.done
    }
  }
}

/** How many documents a session edits and how many changes each gets. */
export interface SessionShape {
  readonly docs: number
  readonly changesPerDoc: number
}

export const SESSION: SessionShape = { docs: DOCS, changesPerDoc: CHANGES_PER_DOC }

/** Applies the whole session through `change(docIndex, edit)`, document by document. */
export async function makeOfflineChanges(change: (docIndex: number, edit: (doc: Project) => void) => Promise<void> | void, shape: SessionShape = SESSION): Promise<void> {
  for (let d = 0; d < shape.docs; d++) {
    for (let n = 0; n < shape.changesPerDoc; n++) await change(d, editFor(n))
  }
}
