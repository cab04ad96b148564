// Turns failures into the one readable line the status bar shows. Expected failures (storage
// down, wrong keys, a mistyped invite, a newer format) get words a user can act on; anything
// else keeps its own message. Never includes secrets: errors carry locations, not credentials.

import { AttachmentError, ClientfulError, describeSyncProblem, isStorageError, type AttachmentErrorReason, type Rejection, type StorageErrorKind, type SyncProblem, type WorkspaceStatus } from 'clientful'

const STORAGE_HEADLINES: Record<StorageErrorKind, string> = {
  unreachable: 'Storage unreachable: changes stay on this device and upload when it is back',
  auth: 'Storage refused the credentials: check the access key and secret',
  'missing-root': 'The storage bucket or folder does not exist',
  quota: 'Storage is full',
  throttled: 'Storage is rate-limiting requests: retrying',
  transient: 'Storage had a temporary problem: retrying',
  invalid: 'Storage refused a request',
  'too-large': 'Storage served a file larger than any this app accepts: it was refused',
}

/** A storage location's failure kind in a few words (the Storage page). */
export function storageKindWords(kind: StorageErrorKind | 'format', url: string): string {
  return kind === 'format' ? 'Not a Clientful folder, or written by a newer version' : storageHeadline(kind, url)
}

/** Drive has no keys to check: its access problems are about Google sign-in and sharing. */
const DRIVE_HEADLINES: Partial<Record<StorageErrorKind, string>> = {
  auth: 'Google Drive refused access: sign in again, or ask for the folder to be shared with you',
  'missing-root': 'The Google Drive folder does not exist, or this app was not given access to it',
}

function storageHeadline(kind: StorageErrorKind, location: string): string {
  return (location.startsWith('gdrive:') ? DRIVE_HEADLINES[kind] : undefined) ?? STORAGE_HEADLINES[kind]
}

export function describeError(error: unknown): string {
  if (isStorageError(error)) return `${storageHeadline(error.kind, error.location)} (${error.message})`
  if (error instanceof ClientfulError) {
    switch (error.code) {
      case 'invalid-invite':
        // Device links travel as codes too; the framework says which kind it was.
        if (error.message.startsWith(LINK_PREFIX)) return `Invalid device link: ${error.message.slice(LINK_PREFIX.length)}`
        return `Invalid invite: ${error.message.replace(/^invalid invite code: /, '')}`
      case 'unsupported-format':
        return `This storage was written by a newer format version: update the app to open it (${error.message})`
      case 'not-a-workspace':
        return `Not a Clientful workspace: ${error.message}`
      case 'forbidden':
        return `Not allowed: ${error.message}`
      case 'invalid-argument':
        if (error.message.startsWith(KIT_PREFIX)) return `Invalid recovery kit: ${error.message.slice(KIT_PREFIX.length)}`
        return sentence(error.message)
      default:
        return sentence(error.message)
    }
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * For linking a device: the link's own problems as describeError says them; a problem with the
 * per-workspace invites inside it (used up, expired, revoked) means this link is spent.
 */
export function describeLinkError(error: unknown): string {
  if (error instanceof ClientfulError && error.code === 'invalid-invite' && !error.message.startsWith(LINK_PREFIX)) {
    return `This device link no longer works (${error.message.replace(/^invalid invite code: /, '')}): create a new one on your other device`
  }
  return describeError(error)
}

const LINK_PREFIX = 'invalid device link code: '
const KIT_PREFIX = 'invalid recovery kit: '

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1)
}

/** The status bar's error line for a workspace, or undefined when all is well. */
export function describeStatusError(status: WorkspaceStatus, failureKind: StorageErrorKind | undefined, storageUrl = ''): string | undefined {
  if (status.error === undefined) return status.storage === 'behind' ? 'Storage holds less than this device already saw (storage is behind)' : undefined
  return failureKind ? `${storageHeadline(failureKind, storageUrl)} (${status.error})` : status.error
}

/** One line per sync problem: what is wrong, whose, since when. */
/** A sync problem in words (the framework's sentence). */
export const describeProblem = (problem: SyncProblem): string => describeSyncProblem(problem)

const REJECTION_WORDS: Partial<Record<Rejection['reason'], string>> = {
  malformed: 'it is malformed',
  'unsupported-version': 'written by a newer format version: update the app',
  'wrong-workspace': 'it was written for another workspace',
  replay: 'a copy of something written elsewhere (replayed)',
  'unknown-device': 'written by a device that is not a member',
  'bad-signature': 'its signature does not check out',
  unauthorized: 'written by a member without the right to',
  'unknown-epoch': 'encrypted with a key this device does not hold',
  'decrypt-failed': 'it does not decrypt',
  'actor-mismatch': 'it contains changes written under another device’s name',
  'apply-failed': 'the document could not take its changes',
  'invalid-entry': 'it breaks the membership rules',
}

const KIND_WORDS: Partial<Record<Rejection['kind'], string>> = {
  envelope: 'changes',
  marker: 'a device marker',
  'member-entry': 'a membership change',
  workspace: 'workspace data',
  'local-change': 'your edit',
}

/** Why, in words: "written by a member without the right to". */
export function rejectionReasonWords(rejection: Rejection): string {
  return REJECTION_WORDS[rejection.reason] ?? rejection.reason
}

/** One line for the status bar and the banner. */
export function describeRejection(rejection: Rejection): string {
  if (rejection.kind === 'local-change') return `Your edit was refused and undone: ${rejection.detail}`
  return `Refused ${KIND_WORDS[rejection.kind] ?? rejection.kind} from ${rejection.source}: ${rejectionReasonWords(rejection)}`
}

const ATTACHMENT_WORDS: Record<AttachmentErrorReason, string> = {
  'too-large': 'Too large to attach',
  quota: 'This device has no room left to keep it',
  'not-uploaded': 'Its device has not uploaded it yet',
  'bad-manifest': 'Its description in storage does not match (tampered with, or damaged)',
  'unsupported-version': 'Stored by a newer version of the app: update to open it',
  unauthorized: 'Uploaded by a device that may not write here',
  'missing-chunk': 'Part of the file is missing from storage',
  'corrupt-chunk': 'Part of the file in storage is damaged or was tampered with',
  unreachable: 'Storage could not be reached: it loads when storage is back',
  storage: 'Storage refused to serve it (see the Storage page)',
}

/** One line about one attachment's problem; the reason in words, then the detail. */
export function describeAttachmentError(error: unknown): string {
  if (error instanceof AttachmentError) return `${ATTACHMENT_WORDS[error.reason]} (${error.message})`
  return describeError(error)
}
