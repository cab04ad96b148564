// Naming a Google Drive folder as a storage location: gdrive://FOLDER_ID (plus ?api=… for a
// test server), from what a user pastes — a folder id, the folder's link, or the URL itself.
// With the drive.file scope the app may use only folders it created (or the user picked), so
// an empty field means "create a new folder in my Drive".

import { StorageError } from 'clientful'
import { parseGdriveUrl } from '@clientful/storage-gdrive'

const GOOGLE_API = 'https://www.googleapis.com'
const FOLDER_MIME = 'application/vnd.google-apps.folder'
const FOLDER_ID = /^[A-Za-z0-9_-]{5,}$/
const FOLDER_LINK = /\/folders\/([A-Za-z0-9_-]+)/

/** The folder id in a pasted id, folder link or gdrive:// URL; undefined when there is none. */
export function driveFolderId(input: string): string | undefined {
  const text = input.trim()
  if (text.startsWith('gdrive://')) {
    try {
      return parseGdriveUrl(text).rootFolderId
    } catch {
      return undefined
    }
  }
  const fromLink = FOLDER_LINK.exec(text)?.[1]
  if (fromLink !== undefined) return fromLink
  return FOLDER_ID.test(text) ? text : undefined
}

export function driveStorageUrl(folderId: string, apiUrl: string | undefined): string {
  return `gdrive://${folderId}${apiUrl === undefined ? '' : `?api=${apiUrl}`}`
}

export function isDriveUrl(url: string): boolean {
  return url.trim().startsWith('gdrive://')
}

/** Creates a folder at the top of the user's Drive and returns its id. */
export async function createDriveFolder(name: string, token: string, apiUrl: string = GOOGLE_API): Promise<string> {
  let response: Response
  try {
    response = await fetch(`${apiUrl}/drive/v3/files?fields=id`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, mimeType: FOLDER_MIME }),
    })
  } catch (error) {
    throw new StorageError('unreachable', 'gdrive://', 'Google Drive could not be reached', { cause: error })
  }
  if (response.status === 401 || response.status === 403) throw new StorageError('auth', 'gdrive://', `Google Drive refused to create a folder (HTTP ${response.status})`)
  if (!response.ok) throw new StorageError('transient', 'gdrive://', `Google Drive could not create a folder (HTTP ${response.status})`)
  const id = ((await response.json()) as { id?: unknown }).id
  if (typeof id !== 'string' || !FOLDER_ID.test(id)) throw new StorageError('invalid', 'gdrive://', 'Google Drive answered without a folder id')
  return id
}
