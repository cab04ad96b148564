// Sharing the workspace folder with a collaborator's Google account (permissions.create on
// the root). Every Clientful member device writes its own files (log, marker), so members
// who write need 'writer'; 'reader' suits someone who only inspects the files.

import { StorageError } from 'clientful/storage'
import type { DriveFiles } from './drive-files.ts'
import { responseJson } from './drive-request.ts'

export type DriveShareRole = 'reader' | 'commenter' | 'writer'

export interface GrantAccessOptions {
  /** Drive emails the collaborator (default true; Drive requires it for non-Google addresses). */
  readonly notify?: boolean
  /** Added to the notification email. */
  readonly message?: string
}

const ROLES: ReadonlySet<string> = new Set<DriveShareRole>(['reader', 'commenter', 'writer'])
const EMAIL = /^[^\s@]+@[^\s@]+$/

export interface GrantInput {
  readonly location: string
  readonly folderId: string
  readonly email: string
  readonly role: DriveShareRole
  readonly options: GrantAccessOptions
  /** Called on a 404: throws missing-root if the folder is gone, else rethrows the error given. */
  readonly onMissing: (error: StorageError) => Promise<never>
}

export async function grantFolderAccess(files: DriveFiles, input: GrantInput): Promise<string> {
  const { location, folderId, email, role, options } = input
  if (typeof email !== 'string' || !EMAIL.test(email)) throw new TypeError('email must be an email address')
  if (!ROLES.has(role)) throw new TypeError(`role must be one of ${[...ROLES].join(', ')}`)
  const action = `share the folder with ${email}`
  const query = {
    sendNotificationEmail: String(options.notify ?? true),
    ...(options.message !== undefined && options.notify !== false && { emailMessage: options.message }),
  }
  const response = await files.createPermission(folderId, { type: 'user', role, emailAddress: email }, query, action)
  if (response.status === 404) {
    await response.body?.cancel()
    return input.onMissing(new StorageError('invalid', location, `${action} failed (HTTP 404): this Drive API has no permissions endpoint`))
  }
  const permission = await responseJson<{ id?: unknown }>(files.requester, response, action)
  if (typeof permission.id !== 'string') throw new StorageError('transient', location, `${action} failed: Drive answered without a permission id`)
  return permission.id
}
