// UserStorage on an S3 bucket (AWS, R2, MinIO, s3rver …), in Node and in the browser: only
// the isomorphic AWS SDK, no Node-only imports. Files live under `prefix/` in the bucket.

import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { StorageError, tooLarge, type ListedFile, type ListOptions, type ReadOptions, type UserStorage } from 'clientful/storage'
import { listAllKeys } from './list-all-keys.ts'
import { sdkErrorName, storageErrorFromS3 } from './s3-errors.ts'

export interface S3StorageOptions {
  readonly bucket: string
  /** Folder inside the bucket; omitted or '' for the bucket root. */
  readonly prefix?: string
  /** For S3-compatible services (R2, MinIO, s3rver); omitted for AWS itself. */
  readonly endpoint?: string
  readonly region: string
  /** Default: the SDK's standard chain in Node (env, profile, SSO…). Browsers must pass them. */
  readonly credentials?: S3ClientConfig['credentials']
  /** Default: path-style when an endpoint is given, virtual-hosted otherwise. */
  readonly forcePathStyle?: boolean
}

// withRetries (clientful/storage) is the one place requests are retried; an SDK retrying
// underneath it multiplied every failure (3 × 5 requests per operation while offline).
const SDK_MAX_ATTEMPTS = 1

function contentType(path: string): string {
  return path.endsWith('.json') ? 'application/json' : 'application/octet-stream'
}

export function createS3Storage(options: S3StorageOptions): UserStorage {
  const { bucket, endpoint, region, credentials } = options
  if (typeof bucket !== 'string' || bucket === '') throw new TypeError('bucket must be a non-empty string')
  if (typeof region !== 'string' || region === '') throw new TypeError('region must be a non-empty string')
  const folder = (options.prefix ?? '').replace(/^\/+|\/+$/g, '')
  const root = folder === '' ? '' : `${folder}/`
  const location = `s3://${bucket}${folder === '' ? '' : `/${folder}`}`
  const fail = (error: unknown, action: string): StorageError => storageErrorFromS3(error, location, action)

  const client = new S3Client({
    region,
    ...(endpoint !== undefined && { endpoint }),
    ...(credentials !== undefined && { credentials }),
    forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
    // Otherwise bodies go out aws-chunked, which S3-compatible servers store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: SDK_MAX_ATTEMPTS,
    followRegionRedirects: true, // a URL without ?region= still reaches a bucket elsewhere
    requestHandler: {
      // A blackholed host fails as 'unreachable' instead of hanging (connectionTimeout: Node only).
      connectionTimeout: 10_000,
      requestTimeout: 120_000,
      throwOnRequestTimeout: true,
      // Browsers only: S3 sends no Cache-Control, so without this a GET after an overwrite can
      // be answered from the HTTP cache with the old file (seen in Chromium against s3rver).
      cache: 'no-store',
    },
  })

  const listed = async (prefix: string, options: ListOptions = {}): Promise<ListedFile[]> => {
    const { startAfter } = options
    let keys
    try {
      keys = await listAllKeys(client, bucket, root + prefix, startAfter === undefined ? undefined : root + startAfter)
    } catch (error) {
      throw fail(error, `list ${prefix}`)
    }
    // Keys ending in '/' (and the root's own) are console-made "folder" placeholders, not
    // files. Filter and sort here too: not every S3-compatible server honours StartAfter,
    // and S3 orders by UTF-8 bytes where the interface promises UTF-16 code units.
    return keys
      .map(({ key, etag }) => ({ path: key.slice(root.length), token: etag }))
      .filter(({ path }) => path !== '' && !path.endsWith('/') && (startAfter === undefined || path > startAfter))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  }

  return {
    location,

    async read(path: string, options: ReadOptions = {}): Promise<Uint8Array | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: root + path }))
        const size = object.ContentLength ?? 0
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          // Refused on the declared length, before the body is read.
          await object.Body?.transformToWebStream().cancel().catch(() => undefined)
          throw tooLarge(location, path, size, options.maxBytes)
        }
        const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array(0)
        if (options.maxBytes !== undefined && bytes.length > options.maxBytes) throw tooLarge(location, path, bytes.length, options.maxBytes)
        // A plain Uint8Array view (not a Node Buffer) over the same memory: no copy of large files.
        return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      } catch (error) {
        if (error instanceof StorageError) throw error
        if (sdkErrorName(error) === 'NoSuchKey') return undefined
        throw fail(error, `read ${path}`)
      }
    },

    async write(path: string, data: Uint8Array): Promise<void> {
      const put = { Bucket: bucket, Key: root + path, Body: data, ContentType: contentType(path) }
      await client.send(new PutObjectCommand(put)).catch((error: unknown) => {
        throw fail(error, `write ${path}`)
      })
    },

    async delete(path: string): Promise<void> {
      // S3 answers 204 for missing keys too, so deleting twice succeeds.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: root + path })).catch((error: unknown) => {
        throw fail(error, `delete ${path}`)
      })
    },

    async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
      return (await listed(prefix, options)).map((file) => file.path)
    },

    listWithTokens: listed,
  }
}
