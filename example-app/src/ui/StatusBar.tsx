// Always visible, one row: a sentence saying what matters now ("No connection — 3 changes will
// upload when you're back", "Catching up: 1,200 of 48,000 changes", "All changes uploaded"),
// "Sync now", and the details behind it — online, relay, what waits to upload, last sync,
// problems, refusals, the last error — which wrap below on a wide screen and open on request
// on a phone.

import type { Rejection, RelayState, StorageErrorKind, WorkspaceStatus } from 'clientful'
import { useRefused, useStatus, useWorkspace } from 'clientful/react'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { useServices } from '../app/services.ts'
import { requestBackgroundUpload } from '../offline/background-sync.ts'
import { routeHash } from '../routing/hash-route.ts'
import { describeProblem, describeRejection, describeStatusError } from '../session/describe-error.ts'
import { statusSentence } from '../session/status-words.ts'
import { useSyncNow } from '../session/use-sync-now.ts'
import { SyncNowButton } from './SyncNowButton.tsx'

export interface StatusBarProps {
  /** The last app-level failure (join, create, config, opening the workspace); shown first. */
  readonly appError: string | undefined
  /** A workspace is open (inside its <WorkspaceProvider>): show its sync status. */
  readonly open?: boolean
}

const RELAY_WORDS: Record<RelayState, string> = {
  disabled: 'no relay',
  connecting: 'relay connecting',
  connected: 'relay connected',
  offline: 'relay offline',
}

export function StatusBar({ appError, open = false }: StatusBarProps) {
  return open ? <WorkspaceStatusBar appError={appError} /> : <Bar appError={appError} />
}

function WorkspaceStatusBar({ appError }: { readonly appError: string | undefined }) {
  const workspace = useWorkspace()
  const status = useStatus()
  // What kind of failure the primary storage last had, as the app's storage opener saw it.
  const failureKind: StorageErrorKind | undefined = useServices().storage.failureKind(workspace.config.storage)
  const refused = useRefused().items ?? []
  const syncNow = useSyncNow()
  const errorLine = appError ?? describeStatusError(status, failureKind, workspace.config.storage)
  // Edits waiting: where the browser can, they upload even if every tab is closed meanwhile.
  const waiting = status.pendingChanges > 0
  useEffect(() => void (waiting && requestBackgroundUpload()), [waiting])
  return <Bar appError={errorLine} status={status} refused={refused} syncNow={syncNow} />
}

interface BarProps {
  readonly appError: string | undefined
  readonly status?: WorkspaceStatus
  readonly refused?: readonly Rejection[]
  readonly syncNow?: () => Promise<boolean>
}

function Bar({ appError: errorLine, status, refused = [], syncNow }: BarProps) {
  const browserOnline = useBrowserOnline()
  const [expanded, setExpanded] = useState(false)
  const connection = !browserOnline ? 'offline' : !status ? 'not syncing' : status.online ? 'online' : status.storage === 'unknown' ? 'connecting' : 'offline'
  const pending = status?.pendingChanges ?? 0
  const pendingAttachments = status?.pendingAttachments ?? 0
  const lastRejection = refused.at(-1)
  const problems = status?.problems ?? []
  const sentence = statusSentence(status, browserOnline)
  const catchUp = status?.catchUp
  // "All uploaded" only when the framework verified it: nothing waits and storage took it all.
  const uploadWords = pending > 0 ? `${pending} ${pending === 1 ? 'change' : 'changes'} waiting to upload` : status?.uploaded ? 'all changes uploaded' : 'upload not confirmed yet'

  return (
    <footer className={`status-bar${expanded ? ' expanded' : ''}`} data-testid="status-bar" aria-live="polite">
      <div className="status-main">
        <span className={`status-dot tone-${sentence.tone}`} aria-hidden="true" />
        <span className="status-sentence" data-testid="status-message" data-tone={sentence.tone}>
          {sentence.text}
        </span>
        {catchUp && (
          <progress className="status-progress" data-testid="status-catch-up" data-done={catchUp.envelopes} data-of={catchUp.of} data-bytes={catchUp.bytes} value={catchUp.envelopes} max={Math.max(1, catchUp.of)} />
        )}
        {syncNow && <SyncNowButton syncNow={syncNow} />}
        <button type="button" className="status-toggle" data-testid="status-details" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'Less' : 'Details'}
        </button>
      </div>
      <div className="status-details">
        <span className={`pill pill-${connection.replace(' ', '-')}`} data-testid="status-online">
          {connection}
        </span>
        <span className="pill" data-testid="status-relay">
          {status ? RELAY_WORDS[status.relay] : 'no relay'}
        </span>
        <span className="pill" data-testid="status-pending" data-count={pending} data-uploaded={status?.uploaded ? 'yes' : 'no'}>
          {uploadWords}
        </span>
        {problems.length > 0 && (
          <span className="pill pill-warning" data-testid="status-problems" data-count={problems.length} title={problems.map(describeProblem).join('\n')}>
            {problems.length === 1 ? describeProblem(problems[0]!) : `${problems.length} sync problems`}
          </span>
        )}
        {pendingAttachments > 0 && (
          <span className="pill" data-testid="status-attachments" data-count={pendingAttachments}>
            {pendingAttachments} {pendingAttachments === 1 ? 'attachment' : 'attachments'} waiting to upload
          </span>
        )}
        <span className="pill" data-testid="status-last-sync">
          {status?.lastSyncAt ? `synced ${new Date(status.lastSyncAt).toLocaleTimeString()}` : 'not synced yet'}
          {status?.syncing ? ' · syncing…' : ''}
        </span>
        {lastRejection && (
          <a className="pill pill-warning" href={routeHash({ name: 'refused' })} data-testid="status-rejected" data-count={refused.length} title={describeRejection(lastRejection)}>
            {refused.length} refused
          </a>
        )}
      </div>
      <span className="status-error" data-testid="status-error" role={errorLine ? 'alert' : undefined}>
        {errorLine ?? ''}
      </span>
    </footer>
  )
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange)
  window.addEventListener('offline', onChange)
  return () => {
    window.removeEventListener('online', onChange)
    window.removeEventListener('offline', onChange)
  }
}

function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine)
}
