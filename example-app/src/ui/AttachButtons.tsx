// Adding attachments: pick photos, take one with the camera (phones open it directly), or pick
// PDFs. The inputs hide behind button-like labels; picking the same file twice works.

import type { ChangeEvent } from 'react'

export interface AttachButtonsProps {
  readonly busy: boolean
  readonly onFiles: (files: File[]) => void
}

const PICKERS = [
  { testId: 'attach-photo', label: 'Add photos', accept: 'image/*', capture: undefined },
  { testId: 'attach-camera', label: 'Take a photo', accept: 'image/*', capture: 'environment' },
  { testId: 'attach-pdf', label: 'Add PDFs', accept: 'application/pdf,.pdf', capture: undefined },
] as const

export function AttachButtons({ busy, onFiles }: AttachButtonsProps) {
  const picked = (event: ChangeEvent<HTMLInputElement>): void => {
    const files = [...(event.target.files ?? [])]
    event.target.value = ''
    if (files.length > 0) onFiles(files)
  }
  return (
    <div className="attach-buttons">
      {PICKERS.map(({ testId, label, accept, capture }) => (
        <label key={testId} className={`file-button${busy ? ' disabled' : ''}`}>
          {label}
          <input
            type="file"
            className="visually-hidden"
            data-testid={testId}
            accept={accept}
            {...(capture ? { capture } : { multiple: true })}
            disabled={busy}
            onChange={picked}
          />
        </label>
      ))}
    </div>
  )
}
