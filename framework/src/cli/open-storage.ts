// Storage URLs on the command line. Adapters are separate packages, loaded on demand by
// scheme, so the framework itself depends on none of them.
//   file:///abs/path
//   s3://bucket/prefix?endpoint=http://127.0.0.1:PORT&region=us-east-1   (AWS_* credentials)
//   gdrive://FOLDER_ID[?api=http://127.0.0.1:PORT]                       (CLIENTFUL_GDRIVE_TOKEN)

import type { UserStorage } from '../storage/user-storage.ts'
import { ClientfulError } from '../util/errors.ts'

export async function openStorageUrl(url: string): Promise<UserStorage> {
  const scheme = /^([a-z0-9+.-]+):/i.exec(url)?.[1]?.toLowerCase()
  switch (scheme) {
    case 'file': {
      const { openFileUrl } = await import('@clientful/storage-local')
      return openFileUrl(url)
    }
    case 's3': {
      // The SDK warns on Node 20 about its releases after January 2027; the pinned release
      // supports Node 20, and the warning would break the one-line error contract.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
      const { openS3Url } = await import('@clientful/storage-s3')
      return openS3Url(url)
    }
    case 'gdrive': {
      // An OAuth access token for the Drive API (scope drive.file or drive), e.g. from
      // `gcloud auth print-access-token`; the CLI does not run an OAuth flow itself.
      const token = process.env.CLIENTFUL_GDRIVE_TOKEN
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
