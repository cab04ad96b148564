// A task's notes as rich text (ProseMirror), bound to the Automerge text in the tasks document
// through @automerge/prosemirror and clientful's toRepoHandle: every keystroke is an Automerge
// change, so two devices typing in the same note at once merge character by character.
// Ctrl/Cmd-B and Ctrl/Cmd-I toggle bold and italic. Readers see the notes read-only.

import * as A from '@automerge/automerge'
import { init } from '@automerge/prosemirror'
import { toRepoHandle, type DocHandle, type RepoHandle } from 'clientful'
import { baseKeymap, toggleMark } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { useEffect, useRef, useState } from 'react'
import type { TasksDoc } from '../tasks/task-model.ts'
import { ensureNotesText } from '../tasks/task-model.ts'

export interface RichTextNotesProps {
  readonly tasks: DocHandle<TasksDoc>
  readonly taskId: string
  readonly editable: boolean
}

export function RichTextNotes({ tasks, taskId, editable }: RichTextNotesProps) {
  const mount = useRef<HTMLDivElement>(null)
  // A new generation rebuilds the editor: after the document was rebuilt rather than changed.
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const element = mount.current
    if (!element) return
    // An old task without notes text gets one, so there is a text to bind to (writers only).
    if (editable) tasks.change(ensureNotesText(taskId))
    const handle = whileTextExists(toRepoHandle(tasks), [taskId, 'notes'])
    if (!isText(handle.doc(), [taskId, 'notes'])) {
      element.textContent = ''
      return
    }
    const { schema, pmDoc, plugin } = init(handle, [taskId, 'notes'])
    const marks = schema.marks
    const view = new EditorView(element, {
      state: EditorState.create({
        schema,
        doc: pmDoc,
        plugins: [
          keymap({ ...(marks.strong && { 'Mod-b': toggleMark(marks.strong) }), ...(marks.em && { 'Mod-i': toggleMark(marks.em) }) }),
          keymap(baseKeymap),
          plugin,
        ],
      }),
      editable: () => editable,
      attributes: { class: 'rich-text', 'data-testid': 'task-notes-input', 'aria-label': 'Notes', role: 'textbox', 'aria-multiline': 'true' },
    })
    const rebuild = (): void => setGeneration((n) => n + 1)
    handle.on('reset', rebuild)
    return () => {
      handle.off('reset', rebuild)
      view.destroy()
    }
  }, [tasks, taskId, editable, generation])
  return <div ref={mount} className="notes-editor" />
}

function isText(doc: A.Doc<TasksDoc>, path: [string, string]): boolean {
  const task = doc[path[0]]
  return typeof task === 'object' && task !== null && typeof (task as Record<string, unknown>)[path[1]] === 'string'
}

/**
 * The document as the editor sees it, minus the changes after which its text no longer exists
 * (a task erased or purged while open): the binding would try to write into a missing object;
 * the editor is unmounted instead, once the board has moved on.
 */
function whileTextExists<T>(repo: RepoHandle<T>, path: [string, string]): RepoHandle<T> {
  // Listeners are passed through untyped: only 'change' ones are wrapped, each once.
  type AnyListener = (payload: never) => void
  const guards = new Map<AnyListener, AnyListener>()
  const guarded = (event: string, listener: AnyListener): never => {
    if (event !== 'change') return listener as never
    let guard = guards.get(listener)
    if (!guard) {
      const call = listener as (payload: { doc: A.Doc<T> }) => void
      guard = (payload: { doc: A.Doc<T> }) => void (isText(payload.doc as A.Doc<TasksDoc>, path) && call(payload))
      guards.set(listener, guard as AnyListener)
    }
    return guard as never
  }
  const bound: RepoHandle<T> = {
    ...repo,
    on: (event, listener) => (repo.on(event, guarded(event, listener)), bound),
    off: (event, listener) => (repo.off(event, (guards.get(listener) ?? listener) as never), bound),
    once: (event, listener) => (repo.once(event, guarded(event, listener)), bound),
  }
  return bound
}
