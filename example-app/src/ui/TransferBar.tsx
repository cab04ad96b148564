// A progress bar for one upload or download, with its percentage as text and as data-percent.

import type { Transfer } from 'clientful/react'

export interface TransferBarProps {
  readonly direction: 'upload' | 'download'
  readonly transfer: Transfer
}

const WORDS = {
  upload: { running: 'Uploading', done: 'Uploaded' },
  download: { running: 'Downloading', done: 'Downloaded' },
} as const

export function TransferBar({ direction, transfer }: TransferBarProps) {
  const percent = transfer.total === 0 ? 100 : Math.min(100, Math.floor((transfer.done * 100) / transfer.total))
  const label = percent === 100 ? WORDS[direction].done : WORDS[direction].running
  return (
    <div className="transfer" data-testid={`attachment-${direction}-progress`} data-percent={percent}>
      <progress value={transfer.done} max={Math.max(1, transfer.total)} aria-label={`${label} ${percent}%`} />
      <span>
        {label} {percent}%
      </span>
    </div>
  )
}
