// What one sync did, for the app and the CLI.

import type { PullReport } from '../sync/pull.ts'
import type { PushReport } from '../sync/push.ts'
import type { Rejection } from '../sync/rejection.ts'

export interface SyncReport {
  readonly pushed: PushReport
  readonly pulled: PullReport
  readonly membershipUploaded: number
  /** Attachments this sync finished uploading to some location. */
  readonly attachmentsUploaded: number
  /** Everything refused during this sync (membership entries, markers, envelopes). */
  readonly rejected: Rejection[]
}
