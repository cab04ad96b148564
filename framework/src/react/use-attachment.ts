// One attachment as an object URL (revoked when the component unmounts), with its progress.
// Loading is lazy: on load(), or at once with `auto`. An attachment whose device has not
// uploaded it yet is 'waiting', and is tried again after each sync of this device, as is one
// that failed because storage was unreachable; other failures wait for load() again.

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { AttachmentError, type AttachmentErrorReason } from '../blobs/attachment-error.ts'
import type { AttachmentRef } from '../api/attachment-ref.ts'
import { activityOf, type AttachmentActivity, type Transfer } from './attachment-activity.ts'
import { useStatus } from './use-status.ts'
import { useWorkspace } from './workspace-provider.tsx'

export type AttachmentState =
  | { readonly step: 'idle' }
  | { readonly step: 'loading' }
  | { readonly step: 'ready'; readonly url: string }
  /** Its device has not uploaded it yet: tried again after every sync of this device. */
  | { readonly step: 'waiting' }
  | { readonly step: 'failed'; readonly reason: AttachmentErrorReason | undefined; readonly error: unknown }

export interface AttachmentView {
  readonly state: AttachmentState
  /** Starts loading, or tries again after a failure. */
  readonly load: () => void
  readonly download: Transfer | undefined
  /** Upload progress, on the device that added it. */
  readonly upload: Transfer | undefined
  /** Added on this device since the app started and not in every storage location yet. */
  readonly uploadPending: boolean
}

export interface AttachmentOptions {
  /** Load at once (a thumbnail), rather than on load(). */
  readonly auto?: boolean
  /**
   * The type the object URL gets. Default: the attachment's own type if it is a raster image,
   * PDF, audio or video, else application/octet-stream — an object URL runs in the app's
   * origin, so HTML or SVG a member attached must never open as a page of the app.
   */
  readonly type?: string
}

const SAFE_INLINE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|audio\/[\w.+-]+|video\/[\w.+-]+)$/

/** The type an attachment may open as in the app's origin (see AttachmentOptions.type). */
export function safeInlineType(type: string): string {
  return SAFE_INLINE.test(type) ? type : 'application/octet-stream'
}

const NO_ACTIVITY: AttachmentActivity = { uploaded: false, addedHere: false }

export function useAttachment(ref: AttachmentRef, options: AttachmentOptions = {}): AttachmentView {
  const workspace = useWorkspace()
  const { lastSyncAt } = useStatus()
  const activity = activityOf(workspace)
  const progress = useSyncExternalStore(activity.subscribe, () => activity.get(ref.blob) ?? NO_ACTIVITY)
  const [state, setState] = useState<AttachmentState>({ step: 'idle' })
  const [attempt, setAttempt] = useState(0)
  const latest = useRef(ref)
  latest.current = ref
  const syncAtStart = useRef(lastSyncAt)
  const wanted = options.auto === true || attempt > 0
  const type = options.type ?? safeInlineType(ref.type)

  useEffect(() => {
    if (!wanted) return
    let current = true
    let url: string | undefined
    const target = latest.current
    syncAtStart.current = lastSyncAt
    setState({ step: 'loading' })
    activity.startDownload(target.blob, target.size)
    workspace.attachments.objectUrl({ ...target, type }).then(
      (created) => {
        if (!current) return URL.revokeObjectURL(created)
        url = created
        setState({ step: 'ready', url })
      },
      (error: unknown) => {
        if (!current) return
        const reason = error instanceof AttachmentError ? error.reason : undefined
        if (reason === 'not-uploaded' && target.device !== workspace.deviceId) setState({ step: 'waiting' })
        else setState({ step: 'failed', reason, error })
      },
    )
    return () => {
      current = false
      if (url !== undefined) URL.revokeObjectURL(url)
    }
    // lastSyncAt is read, not watched: a sync alone must not reload a loaded file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspace, ref.blob, wanted, attempt, type, activity])

  // Waiting for its device, or storage was unreachable: a newer sync may have changed that.
  const retryOnSync = state.step === 'waiting' || (state.step === 'failed' && state.reason === 'unreachable')
  useEffect(() => {
    if (retryOnSync && lastSyncAt !== syncAtStart.current) setAttempt((n) => n + 1)
  }, [retryOnSync, lastSyncAt])

  const load = useCallback(() => setAttempt((n) => n + 1), [])
  const mine = ref.device === workspace.deviceId
  return {
    state,
    load,
    download: progress.download,
    upload: mine ? progress.upload : undefined,
    uploadPending: mine && progress.addedHere && !progress.uploaded,
  }
}

/** Adds attachments to the open workspace, so their upload shows as pending until it is done. */
export function useAddAttachment(): (content: Blob | Uint8Array, meta?: { name?: string; type?: string }) => Promise<AttachmentRef> {
  const workspace = useWorkspace()
  // Listening from now on: a large file's upload may start (and progress) before add() resolves.
  const activity = activityOf(workspace)
  return useCallback(
    async (content, meta) => {
      const ref = await workspace.attachments.add(content, meta)
      activity.markAdded(ref.blob)
      return ref
    },
    [workspace, activity],
  )
}
