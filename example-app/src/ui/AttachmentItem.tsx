// One attachment of a task: a thumbnail (photos) or an icon (PDFs, other files), opening the
// full file, upload and download progress, and its own problem with a retry — a failure here
// never touches the task or its other attachments.

import { useAttachment } from 'clientful/react'
import { describeAttachmentError } from '../session/describe-error.ts'
import { AUTO_PREVIEW_MAX_BYTES, attachmentKind, formatBytes, inlineType } from '../tasks/attachment-kind.ts'
import type { StoredAttachment } from '../tasks/task-model.ts'
import { ConfirmButton } from './ConfirmButton.tsx'
import { TransferBar } from './TransferBar.tsx'

export interface AttachmentItemProps {
  readonly attachment: StoredAttachment
  /** Absent for readers. */
  readonly onRemove?: () => Promise<void>
}

const ICONS = { image: '🖼', pdf: 'PDF', file: 'FILE' } as const

export function AttachmentItem({ attachment, onRemove }: AttachmentItemProps) {
  const kind = attachmentKind(attachment)
  const thumbnail = kind === 'image' && attachment.size <= AUTO_PREVIEW_MAX_BYTES
  const { state, load, download, upload, uploadPending } = useAttachment(attachment, { auto: thumbnail, type: inlineType(attachment.type) })
  const url = state.step === 'ready' ? state.url : undefined

  return (
    <li className="attachment" data-testid="attachment" data-blob={attachment.blob} data-name={attachment.name} data-state={state.step}>
      <div className="attachment-preview">
        {thumbnail && url ? (
          <a href={url} target="_blank" rel="noopener" data-testid="attachment-open" title={`Open ${attachment.name}`}>
            <img src={url} alt={attachment.name} data-testid="attachment-thumbnail" />
          </a>
        ) : (
          <span className={`attachment-icon attachment-icon-${kind}`} aria-hidden="true">
            {ICONS[kind]}
          </span>
        )}
      </div>
      <div className="attachment-body">
        <span className="attachment-name" data-testid="attachment-name">
          {attachment.name}
        </span>
        <span className="meta">{formatBytes(attachment.size)}</span>
        {state.step === 'idle' && (
          <button type="button" className="secondary" data-testid="attachment-load" onClick={load}>
            Download ({formatBytes(attachment.size)})
          </button>
        )}
        {!thumbnail && url && (
          <span className="attachment-links">
            <a href={url} target="_blank" rel="noopener" data-testid="attachment-open">
              Open
            </a>
            <a href={url} download={attachment.name} data-testid="attachment-save">
              Save
            </a>
          </span>
        )}
        {download && (state.step === 'loading' || (state.step === 'ready' && !thumbnail)) && <TransferBar direction="download" transfer={download} />}
        {upload && <TransferBar direction="upload" transfer={upload} />}
        {uploadPending && !upload && (
          <span className="meta" data-testid="attachment-upload-waiting">
            Waiting to upload: it goes out when storage is reachable
          </span>
        )}
        {state.step === 'waiting' && (
          <span className="meta" data-testid="attachment-waiting">
            Uploading on the other device… it shows here once it is in storage.
          </span>
        )}
        {state.step === 'failed' && (
          <span className="attachment-problem">
            <span className="form-error" role="alert" data-testid="attachment-error" data-reason={state.reason ?? ''}>
              {describeAttachmentError(state.error)}
            </span>
            <button type="button" className="secondary" data-testid="attachment-retry" onClick={load}>
              Try again
            </button>
          </span>
        )}
      </div>
      {onRemove && <ConfirmButton label="Remove" question={`Remove ${attachment.name}?`} busyLabel="Removing…" testId="attachment-remove" onConfirm={onRemove} />}
    </li>
  )
}
