// How this app opens storage URLs: s3:// (any S3-compatible endpoint) with credentials looked
// up on every call, so fixing wrong keys takes effect without a reload, and gdrive:// (a
// Google Drive folder) with tokens from Google sign-in. It remembers what kind of failure each
// storage last had, so the status bar can say "unreachable" or "wrong credentials" instead of
// an SDK message, and keeps the Drive folders it opened, so the Storage page can share them.

import { createS3Storage, parseS3Url } from '@clientful/storage-s3'
import { openGdriveUrl, type DriveShareRole, type GdriveStorage } from '@clientful/storage-gdrive'
import { StorageError, isStorageError, type StorageCredentials, type StorageErrorKind, type StorageOpener, type UserStorage } from 'clientful'
import type { CredentialStore, S3Credentials } from './credential-store.ts'
import type { GoogleTokenSource } from './google-token.ts'
import type { FolderPicker, PickedFolder } from './google-picker.ts'

export interface AppStorage {
  readonly open: StorageOpener
  /** The kind of the last failed call to this storage URL; undefined after a success. */
  failureKind(url: string): StorageErrorKind | undefined
  /** Shares a Google Drive location's folder with someone's Google account. */
  shareDriveFolder(url: string, email: string, role: DriveShareRole): Promise<void>
  /** Whether this deployment can open gdrive:// locations at all. */
  readonly driveAvailable: boolean
  /** Google tokens (sign-in), when Drive is available. */
  readonly google: GoogleTokenSource | undefined
  /** Opens a shared Drive folder with the Google Picker (signing in first); undefined without a Picker. */
  readonly pickDriveFolder: (() => Promise<PickedFolder | undefined>) | undefined
}

export function createAppStorage(credentials: CredentialStore, google: GoogleTokenSource | undefined, picker?: FolderPicker): AppStorage {
  const failures = new Map<string, StorageErrorKind | undefined>()
  const drives = new Map<string, GdriveStorage>()
  const openDrive = async (url: string): Promise<GdriveStorage> => {
    if (!google) throw new StorageError('auth', 'gdrive://', 'this deployment has no Google sign-in (config.json: google.clientId)')
    let drive = drives.get(url)
    if (!drive) {
      drive = await openGdriveUrl(url, () => google.getToken())
      drives.set(url, drive)
    }
    return drive
  }
  return {
    async open(url, shared) {
      const record = (kind: StorageErrorKind | undefined): void => void failures.set(url, kind)
      if (url.startsWith('s3://')) return recordingFailures(credentialedS3(url, credentials, s3Keys(shared)), record)
      if (url.startsWith('gdrive://')) return recordingFailures(await openDrive(url), record)
      throw new StorageError('invalid', url.split(':')[0] + ':', 'this app opens s3:// and gdrive:// storage only (e.g. s3://bucket/folder?endpoint=…)')
    },
    failureKind: (url) => failures.get(url),
    async shareDriveFolder(url, email, role) {
      await (await openDrive(url)).grantAccess(email, role)
    },
    driveAvailable: google !== undefined,
    google,
    pickDriveFolder: google && picker ? async () => picker(await google.getToken()) : undefined,
  }
}

/** S3 keys a workspace shares with its members (sealed inside it), when they have that shape. */
function s3Keys(shared: StorageCredentials | undefined): S3Credentials | undefined {
  const accessKeyId = shared?.['accessKeyId']
  const secretAccessKey = shared?.['secretAccessKey']
  return accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined
}

function credentialedS3(url: string, credentials: CredentialStore, shared: S3Credentials | undefined): UserStorage {
  const parts = parseS3Url(url)
  const location = `s3://${parts.bucket}${parts.prefix === '' ? '' : `/${parts.prefix}`}`
  let current: { readonly keys: S3Credentials; readonly storage: UserStorage } | undefined

  const storage = (): UserStorage => {
    // What the user saved here first, then what the workspace shares, then the deployment's defaults.
    const keys = credentials.saved(url) ?? shared ?? credentials.get(url)
    if (!keys) throw new StorageError('auth', location, NO_KEYS)
    if (current?.keys.accessKeyId !== keys.accessKeyId || current.keys.secretAccessKey !== keys.secretAccessKey) {
      current = { keys, storage: createS3Storage({ ...parts, credentials: keys }) }
    }
    return current.storage
  }
  return {
    location,
    // Without keys, reads go unsigned: a bucket may let anyone read invites/ (the cards are sealed).
    read: (path) => (hasKeys(url, credentials, shared) ? storage().read(path) : anonymousRead(parts, location, path)),
    write: (path, data) => storage().write(path, data),
    delete: (path) => storage().delete(path),
    list: (prefix, options) => storage().list(prefix, options),
  }
}

const NO_KEYS = 'no access key and secret for this bucket: enter them in Storage settings'

function hasKeys(url: string, credentials: CredentialStore, shared: S3Credentials | undefined): boolean {
  return (credentials.saved(url) ?? shared ?? credentials.get(url)) !== undefined
}

/** An unsigned GET, for buckets whose policy lets anyone read a path (e.g. invites/): undefined when absent. */
async function anonymousRead(parts: ReturnType<typeof parseS3Url>, location: string, path: string): Promise<Uint8Array | undefined> {
  const key = [parts.prefix, path].filter(Boolean).map((p) => p.split('/').map(encodeURIComponent).join('/')).join('/')
  const url = parts.endpoint
    ? `${parts.endpoint.replace(/\/$/, '')}/${parts.bucket}/${key}`
    : `https://${parts.bucket}.s3.${parts.region}.amazonaws.com/${key}`
  let response: Response
  try {
    response = await fetch(url, { cache: 'no-store' })
  } catch (error) {
    throw new StorageError('unreachable', location, 'the bucket could not be reached', { cause: error })
  }
  if (response.status === 404) return undefined
  if (response.status === 401 || response.status === 403) throw new StorageError('auth', location, NO_KEYS)
  if (!response.ok) throw new StorageError('transient', location, `the bucket answered HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

function recordingFailures(storage: UserStorage, record: (kind: StorageErrorKind | undefined) => void): UserStorage {
  const run = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      const result = await operation()
      record(undefined)
      return result
    } catch (error) {
      record(isStorageError(error) ? error.kind : 'transient')
      throw error
    }
  }
  return {
    location: storage.location,
    read: (path) => run(() => storage.read(path)),
    write: (path, data) => run(() => storage.write(path, data)),
    delete: (path) => run(() => storage.delete(path)),
    list: (prefix, options) => run(() => storage.list(prefix, options)),
  }
}
