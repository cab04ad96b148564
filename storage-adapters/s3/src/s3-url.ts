// s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1 — how apps, the CLI
// and users name an S3 root. Credentials never go in the URL: it ends up in logs and UIs.

import { StorageError, type UserStorage } from 'clientful/storage'
import { createS3Storage, type S3StorageOptions } from './s3-storage.ts'

export type S3UrlParts = Omit<S3StorageOptions, 'credentials'> & { readonly prefix: string }

const DEFAULT_REGION = 'us-east-1'
const KNOWN_PARAMETERS = new Set(['endpoint', 'region', 'forcePathStyle'])

function refuse(reason: string, cause?: unknown): StorageError {
  // Location deliberately omits the URL: a mistyped one may hold a secret.
  return new StorageError('invalid', 's3://', `not a usable s3:// URL: ${reason}`, { cause })
}

export function parseS3Url(url: string): S3UrlParts {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw refuse('it is not a URL', error)
  }
  if (parsed.protocol !== 's3:') throw refuse(`expected s3:, got ${parsed.protocol}`)
  if (parsed.username !== '' || parsed.password !== '') throw refuse('credentials do not belong in the URL')
  if (parsed.hostname === '') throw refuse('it names no bucket')
  if (parsed.port !== '' || parsed.hash !== '') throw refuse('it has a port or a fragment')
  for (const name of parsed.searchParams.keys()) {
    if (!KNOWN_PARAMETERS.has(name)) throw refuse(`unknown parameter "${name}" (known: ${[...KNOWN_PARAMETERS].join(', ')})`)
  }
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint)) throw refuse('endpoint must be an http(s) URL')
  const pathStyle = parsed.searchParams.get('forcePathStyle')
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') throw refuse('forcePathStyle must be true or false')
  let prefix: string
  try {
    prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '')
  } catch (error) {
    throw refuse('its path is not valid percent-encoding', error)
  }
  return {
    bucket: parsed.hostname,
    prefix,
    region: parsed.searchParams.get('region') ?? DEFAULT_REGION,
    ...(endpoint !== undefined && { endpoint }),
    ...(pathStyle !== null && { forcePathStyle: pathStyle === 'true' }),
  }
}

/** The StorageOpener for s3:// URLs. Without credentials, Node uses the SDK's standard chain. */
export async function openS3Url(url: string, credentials?: S3StorageOptions['credentials']): Promise<UserStorage> {
  return createS3Storage({ ...parseS3Url(url), ...(credentials !== undefined && { credentials }) })
}
