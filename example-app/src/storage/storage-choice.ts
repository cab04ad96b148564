// Where a workspace's (or an extra location's) encrypted files go, as the forms collect it: an
// S3-compatible bucket (URL + keys) or a Google Drive folder (an id, a link, or nothing: then
// a new folder is created in the user's Drive, which the drive.file scope allows).

import { StorageError } from 'clientful'
import type { AppStorage } from './app-storage.ts'
import type { S3Credentials } from './credential-store.ts'
import { createDriveFolder, driveFolderId, driveStorageUrl } from './drive-folder.ts'

export type StorageChoice =
  | { readonly kind: 's3'; readonly url: string; readonly keys: S3Credentials }
  | { readonly kind: 'gdrive'; readonly folder: string }

export interface ResolvedStorage {
  readonly url: string
  /** S3 keys to try (and keep if the action succeeds); none for Drive. */
  readonly keys?: S3Credentials
}

/** The storage URL for a choice; creates the Drive folder (named `folderName`) when none was given. */
export async function resolveStorageChoice(choice: StorageChoice, folderName: string, storage: AppStorage, apiUrl: string | undefined): Promise<ResolvedStorage> {
  if (choice.kind === 's3') return { url: choice.url.trim(), keys: choice.keys }
  const text = choice.folder.trim()
  if (text.startsWith('gdrive://')) return { url: text }
  if (text !== '') {
    const id = driveFolderId(text)
    if (id === undefined) throw new StorageError('invalid', 'gdrive://', 'that is not a Drive folder id or folder link')
    return { url: driveStorageUrl(id, apiUrl) }
  }
  if (!storage.google) throw new StorageError('auth', 'gdrive://', 'this deployment has no Google sign-in (config.json: google.clientId)')
  const id = await createDriveFolder(folderName, await storage.google.getToken(), apiUrl)
  return { url: driveStorageUrl(id, apiUrl) }
}
