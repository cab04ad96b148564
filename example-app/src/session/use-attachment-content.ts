// One attachment's content as an object URL, for as long as the component showing it is
// mounted (revoked on unmount or reload). Loading is lazy: it starts on `load()`, or at once
// when `auto` (image thumbnails). An attachment its device has not uploaded yet is "waiting";
// it, and one that failed because storage was unreachable, is tried again each time this
// device finishes a sync. Other failures wait for the user's retry.

import { AttachmentError, type AttachmentErrorReason, type AttachmentRef, type WorkspaceApi } from 'clientful'
import { useEffect, useRef, useState } from 'react'
import type { AttachmentActivity } from './attachment-activity.ts'
import { inlineType } from '../tasks/attachment-kind.ts'
import { describeAttachmentError } from './describe-error.ts'

export type ContentState =
  | { readonly step: 'idle' }
  | { readonly step: 'loading' }
  | { readonly step: 'ready'; readonly url: string }
  /** Uploading on the device that added it: retried after every sync of this device. */
  | { readonly step: 'waiting' }
  | { readonly step: 'failed'; readonly reason: AttachmentErrorReason | undefined; readonly message: string }

export interface AttachmentContent {
  readonly state: ContentState
  /** Starts loading, or tries again after a failure. */
  readonly load: () => void
}

export interface ContentOptions {
  readonly auto: boolean
  /** The workspace's lastSyncAt: a new value retries a waiting attachment. */
  readonly lastSyncAt: number | undefined
  readonly activity: AttachmentActivity
}

export function useAttachmentContent(workspace: WorkspaceApi, ref: AttachmentRef, { auto, lastSyncAt, activity }: ContentOptions): AttachmentContent {
  const [state, setState] = useState<ContentState>({ step: 'idle' })
  const [attempt, setAttempt] = useState(0)
  const latest = useRef(ref)
  latest.current = ref
  const syncAtStart = useRef(lastSyncAt)
  const wanted = auto || attempt > 0

  useEffect(() => {
    if (!wanted) return
    let cancelled = false
    let url: string | undefined
    const current = latest.current
    syncAtStart.current = lastSyncAt
    setState({ step: 'loading' })
    activity.startDownload(current.blob, current.size)
    workspace.attachments.objectUrl({ ...current, type: inlineType(current.type) }).then(
      (created) => {
        if (cancelled) return URL.revokeObjectURL(created)
        url = created
        setState({ step: 'ready', url })
      },
      (error: unknown) => {
        if (cancelled) return
        const reason = error instanceof AttachmentError ? error.reason : undefined
        if (reason === 'not-uploaded' && current.device !== workspace.deviceId) setState({ step: 'waiting' })
        else setState({ step: 'failed', reason, message: describeAttachmentError(error) })
      },
    )
    return () => {
      cancelled = true
      if (url !== undefined) URL.revokeObjectURL(url)
    }
    // lastSyncAt is read, not watched: a sync alone must not reload a loaded file.
  }, [workspace, ref.blob, wanted, attempt, activity])

  // Waiting for its device, or storage was unreachable: a newer sync may have changed that.
  const retryOnSync = state.step === 'waiting' || (state.step === 'failed' && state.reason === 'unreachable')
  useEffect(() => {
    if (retryOnSync && lastSyncAt !== syncAtStart.current) setAttempt((n) => n + 1)
  }, [retryOnSync, lastSyncAt])

  return { state, load: () => setAttempt((n) => n + 1) }
}
