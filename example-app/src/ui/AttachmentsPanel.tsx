// A task's attachments: the list, and (for members who may write) adding and removing. Adding
// encrypts the file onto this device at once; it uploads with the next sync, by itself once
// storage is reachable. Removing drops the reference from the task and the file from storage.

import type { DocHandle } from 'clientful'
import { useAddAttachment, useWorkspace } from 'clientful/react'
import { useState } from 'react'
import { describeAttachmentError } from '../session/describe-error.ts'
import { attachToTask, removeAttachment, type StoredAttachment, type TasksDoc } from '../tasks/task-model.ts'
import { AttachButtons } from './AttachButtons.tsx'
import { AttachmentItem } from './AttachmentItem.tsx'

export interface AttachmentsPanelProps {
  readonly tasks: DocHandle<TasksDoc>
  readonly taskId: string
  readonly attachments: readonly StoredAttachment[]
  readonly canEdit: boolean
}

export function AttachmentsPanel({ tasks, taskId, attachments, canEdit }: AttachmentsPanelProps) {
  const workspace = useWorkspace()
  const addAttachment = useAddAttachment()
  const [adding, setAdding] = useState<string>()
  const [problem, setProblem] = useState<string>()

  const add = async (files: File[]): Promise<void> => {
    setProblem(undefined)
    const failed: string[] = []
    for (const file of files) {
      setAdding(file.name)
      try {
        const ref = await addAttachment(file, { name: file.name, type: file.type || 'application/octet-stream' })
        tasks.change(attachToTask(taskId, ref, Date.now()))
      } catch (error) {
        failed.push(`${file.name}: ${describeAttachmentError(error)}`)
      }
    }
    setAdding(undefined)
    if (failed.length > 0) setProblem(failed.join(' · '))
  }

  const remove = async (attachment: StoredAttachment): Promise<void> => {
    tasks.change(removeAttachment(taskId, attachment.blob))
    // Its files in storage go too when this device added it; if storage is unreachable now,
    // they stay there, unreferenced and unreadable without the key the task held.
    await workspace.attachments.delete(attachment).catch(() => undefined)
  }

  return (
    <section className="attachments" data-testid="attachments" data-count={attachments.length}>
      <h3>Photos and documents</h3>
      {attachments.length === 0 && <p className="empty">Nothing attached yet.</p>}
      <ul className="attachment-list">
        {attachments.map((attachment) => (
          <AttachmentItem key={attachment.blob} attachment={attachment} {...(canEdit ? { onRemove: () => remove(attachment) } : {})} />
        ))}
      </ul>
      {canEdit && <AttachButtons busy={adding !== undefined} onFiles={(files) => void add(files)} />}
      {adding !== undefined && (
        <p className="form-hint" data-testid="attach-busy">
          Encrypting {adding} on this device…
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="attach-error">
          {problem}
        </p>
      )}
    </section>
  )
}
