// What one sync did, for the app and the CLI.

import type { Rejection } from './rejection.ts'

export interface SyncReport {
  readonly pushed: PushReport
  readonly pulled: PullReport
  readonly membershipUploaded: number
  /** Attachments this sync finished uploading to some location. */
  readonly attachmentsUploaded: number
  /** Everything refused during this sync (membership entries, markers, envelopes). */
  readonly rejected: Rejection[]
}

export interface PushReport {
  readonly envelopes: number
  readonly changes: number
  readonly head: number
  /** Envelopes uploaded again because the storage had lost them. */
  readonly restored: number
  /** When the marker was written (its `at`), if it was. */
  readonly markerAt: number | undefined
}

export interface PullReport {
  envelopes: number
  changes: number
  rejected: Rejection[]
  /** Envelopes a marker announced that storage did not serve (yet). */
  missing: number
  /** The same, by author device. */
  missingBy: Record<string, number>
  /** Envelopes verified but waiting for changes they depend on, by author device. */
  held: Record<string, number>
  /** Devices whose marker in storage is behind what this device already applied. */
  behind: string[]
}
