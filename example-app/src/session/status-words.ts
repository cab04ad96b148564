// The status bar's one sentence: what a person needs to know about sync right now, in words —
// offline with edits waiting, catching up (how far), problems, or all uploaded. Pure: no React.

import type { WorkspaceStatus } from 'clientful'
import { formatBytes } from '../offline/device-storage.ts'

export type StatusTone = 'ok' | 'busy' | 'offline' | 'warning'

export interface StatusSentence {
  readonly text: string
  readonly tone: StatusTone
}

const number = new Intl.NumberFormat('en')

function changes(count: number): string {
  return `${number.format(count)} ${count === 1 ? 'change' : 'changes'}`
}

export function statusSentence(status: WorkspaceStatus | undefined, browserOnline: boolean): StatusSentence {
  if (!status) return browserOnline ? { text: 'Not syncing: no workspace open', tone: 'busy' } : { text: 'No connection', tone: 'offline' }
  const waiting = status.pendingChanges + status.pendingAttachments
  const catchUp = status.catchUp
  // A catch-up under way means storage answers, whatever the last failed sync said.
  if (catchUp && browserOnline) return { text: `Catching up: ${number.format(catchUp.envelopes)} of ${changes(catchUp.of)} (${formatBytes(catchUp.bytes)})`, tone: 'busy' }
  const offline = !browserOnline || (!status.online && status.storage !== 'unknown')
  if (offline) {
    if (waiting === 0) return { text: 'No connection — you can keep working; changes upload when you’re back', tone: 'offline' }
    const what = status.pendingChanges > 0 ? changes(status.pendingChanges) : `${status.pendingAttachments} ${status.pendingAttachments === 1 ? 'attachment' : 'attachments'}`
    return { text: `No connection — ${what} will upload when you’re back`, tone: 'offline' }
  }
  if (status.problems.length > 0) return { text: `${status.problems.length === 1 ? 'A sync problem' : `${status.problems.length} sync problems`}: see details`, tone: 'warning' }
  if (status.pendingChanges > 0) return { text: `${changes(status.pendingChanges)} waiting to upload`, tone: 'busy' }
  if (status.pendingAttachments > 0) return { text: `Uploading ${status.pendingAttachments} ${status.pendingAttachments === 1 ? 'attachment' : 'attachments'}`, tone: 'busy' }
  if (status.uploaded) return { text: 'All changes uploaded', tone: 'ok' }
  return { text: status.storage === 'unknown' ? 'Connecting to storage…' : 'Upload not confirmed yet', tone: 'busy' }
}
