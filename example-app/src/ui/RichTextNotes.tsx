// A task's notes as rich text (ProseMirror), bound to the Automerge text in the tasks document
// through @automerge/prosemirror and clientful's toRepoHandle: every keystroke is an Automerge
// change, so two devices typing in the same note at once merge character by character.
// Ctrl/Cmd-B and Ctrl/Cmd-I toggle bold and italic. Readers see the notes read-only.

import * as A from '@automerge/automerge'
import { init } from '@automerge/prosemirror'
import { toRepoHandle, type DocHandle } from 'clientful'
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
    const handle = toRepoHandle(tasks)
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
