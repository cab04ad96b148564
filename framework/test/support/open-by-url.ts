// Storage by URL for tests whose devices move between adapters. Only the credentials the
// caller passes (a workspace's shared ones) are used: no environment variables.

import { openFileUrl } from '@clientful/storage-local'
import { openS3Url } from '@clientful/storage-s3'
import { openGdriveUrl } from '@clientful/storage-gdrive'
import type { StorageCredentials, UserStorage } from '../../src/storage/user-storage.ts'

export async function openByUrl(url: string, credentials: StorageCredentials = {}): Promise<UserStorage> {
  const { accessKeyId, secretAccessKey, token } = credentials
  const scheme = url.slice(0, url.indexOf(':'))
  if (scheme === 'file') return openFileUrl(url)
  if (scheme === 's3') return accessKeyId && secretAccessKey ? openS3Url(url, { accessKeyId, secretAccessKey }) : openS3Url(url)
  if (scheme === 'gdrive' && token) return openGdriveUrl(url, token)
  throw new Error(`test: cannot open ${url} with the credentials given`)
}
