// Turns failures into the one readable line the status bar shows. Expected failures (storage
// down, wrong keys, a mistyped invite, a newer format) get words a user can act on; anything
// else keeps its own message. Never includes secrets: errors carry locations, not credentials.

import { ClientfulError, isStorageError, type Rejection, type StorageErrorKind, type WorkspaceStatus } from 'clientful'

const STORAGE_HEADLINES: Record<StorageErrorKind, string> = {
  unreachable: 'Storage unreachable: changes stay on this device and upload when it is back',
  auth: 'Storage refused the credentials: check the access key and secret',
  'missing-root': 'The storage bucket or folder does not exist',
  quota: 'Storage is full',
  throttled: 'Storage is rate-limiting requests: retrying',
  transient: 'Storage had a temporary problem: retrying',
  invalid: 'Storage refused a request',
}

export function describeError(error: unknown): string {
  if (isStorageError(error)) return `${STORAGE_HEADLINES[error.kind]} (${error.message})`
  if (error instanceof ClientfulError) {
    switch (error.code) {
      case 'invalid-invite':
        return `Invalid invite: ${error.message.replace(/^invalid invite code: /, '')}`
      case 'unsupported-format':
        return `This storage was written by a newer format version: update the app to open it (${error.message})`
      case 'not-a-workspace':
        return `Not a Clientful workspace: ${error.message}`
      case 'forbidden':
        return `Not allowed: ${error.message}`
      default:
        return error.message
    }
  }
  return error instanceof Error ? error.message : String(error)
}

/** The status bar's error line for a workspace, or undefined when all is well. */
export function describeStatusError(status: WorkspaceStatus, failureKind: StorageErrorKind | undefined): string | undefined {
  if (status.error === undefined) return status.storage === 'behind' ? 'Storage holds less than this device already saw (storage is behind)' : undefined
  return failureKind ? `${STORAGE_HEADLINES[failureKind]} (${status.error})` : status.error
}

const REJECTION_WORDS: Partial<Record<Rejection['reason'], string>> = {
  'unsupported-version': 'written by a newer format version: update the app',
  'bad-signature': 'its signature does not check out',
  'unknown-device': 'written by a device that is not a member',
  unauthorized: 'written by a member without the right to',
  'decrypt-failed': 'it does not decrypt',
  malformed: 'it is malformed',
}

export function describeRejection(rejection: Rejection): string {
  return `Refused ${rejection.kind} from ${rejection.source}: ${REJECTION_WORDS[rejection.reason] ?? rejection.reason}`
}
