// Storage URLs on the command line. Each adapter is loaded when a URL of its scheme is first
// opened, so a command on a local folder never loads the S3 or Drive clients.
//   file:///abs/path
//   s3://bucket/prefix?endpoint=http://127.0.0.1:PORT&region=us-east-1   (AWS_* credentials)
//   gdrive://FOLDER_ID[?api=http://127.0.0.1:PORT]                       (CLIENTFUL_GDRIVE_TOKEN)

import { parse as parsePath, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ClientfulError, type StorageCredentials, type UserStorage } from 'clientful'

/**
 * Refuses a storage URL that could not be what the user meant, before anything is written.
 * A file URL must name an absolute folder other than the root: `file://` alone, or
 * `file:relative/path`, would otherwise put a workspace in the file system's root.
 */
export function checkStorageUrl(url: string): void {
  const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase()
  if (scheme !== 'file') return
  const usage = `file:// storage needs an absolute folder path other than the root, like file:///home/me/clientful (got ${JSON.stringify(url)})`
  if (!/^file:\/\/(localhost)?\/[^/]/i.test(url)) throw new ClientfulError('invalid-argument', usage)
  let path: string
  try {
    const parsed = new URL(url)
    if (parsed.search !== '' || parsed.hash !== '') throw new Error('a file URL takes no query or fragment')
    path = resolve(fileURLToPath(parsed))
  } catch {
    throw new ClientfulError('invalid-argument', usage)
  }
  if (parsePath(path).root === path) throw new ClientfulError('invalid-argument', usage)
}

/**
 * `shared` are the workspace's shared credentials for that URL: used when the environment
 * has none (a member who never set up the bucket themselves).
 */
export async function openStorageUrl(url: string, shared?: StorageCredentials): Promise<UserStorage> {
  const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase()
  switch (scheme) {
    case 'file': {
      checkStorageUrl(url)
      const { openFileUrl } = await import('@clientful/storage-local')
      return openFileUrl(url)
    }
    case 's3': {
      // The SDK warns on Node 20 about its releases after January 2027; the pinned release
      // supports Node 20, and the warning would break the one-line error contract.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
      const { openS3Url } = await import('@clientful/storage-s3')
      const fromEnv = process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
      const { accessKeyId, secretAccessKey, sessionToken } = shared ?? {}
      if (fromEnv || !accessKeyId || !secretAccessKey) return openS3Url(url)
      return openS3Url(url, { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) })
    }
    case 'gdrive': {
      // An OAuth access token for the Drive API (scope drive.file or drive), e.g. from
      // `gcloud auth print-access-token`; the CLI does not run an OAuth flow itself.
      const token = process.env.CLIENTFUL_GDRIVE_TOKEN ?? shared?.token
      if (!token) throw new ClientfulError('invalid-argument', 'gdrive:// storage needs an access token in CLIENTFUL_GDRIVE_TOKEN')
      const { openGdriveUrl } = await import('@clientful/storage-gdrive')
      return openGdriveUrl(url, token)
    }
    default:
      throw new ClientfulError(
        'invalid-argument',
        `unsupported storage URL ${JSON.stringify(url)}: use file:///absolute/path, s3://bucket/prefix?endpoint=…&region=… or gdrive://FOLDER_ID`,
      )
  }
}

/** The credentials this environment uses for a URL, to share with a workspace's members. */
export function environmentCredentials(url: string): StorageCredentials | undefined {
  if (url.startsWith('s3:')) {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env
    if (!accessKeyId || !secretAccessKey) throw new ClientfulError('invalid-argument', '--share-credentials needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY')
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
  }
  if (url.startsWith('gdrive:')) {
    const token = process.env.CLIENTFUL_GDRIVE_TOKEN
    if (!token) throw new ClientfulError('invalid-argument', '--share-credentials needs CLIENTFUL_GDRIVE_TOKEN')
    return { token }
  }
  throw new ClientfulError('invalid-argument', `${url} takes no credentials to share`)
}
