// AWS SDK failures as StorageError kinds. Works on SDK error shapes (name, $metadata, code)
// rather than classes, so it holds in Node and in browser bundles alike.

import { StorageError, isStorageError, type StorageErrorKind } from 'clientful/storage'

const AUTH_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'AccountProblem',
  'RequestTimeTooSkewed', // the device clock is off: the user has to fix it
  'CredentialsProviderError', // Node: no credentials found in the environment chain
])
const THROTTLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'RequestLimitExceeded'])
const TRANSIENT_CODES = new Set(['InternalError', 'RequestTimeout'])
// Ceph RGW QuotaExceeded (403), MinIO XMinioStorageFull (507), XMinioAdminBucketQuotaExceeded (400).
const QUOTA_CODE = /quota|storagefull/i
// Node socket errors, also as the `cause` of undici's "fetch failed".
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
])
// Browser fetch network failures: Chromium, Firefox, Safari, Node. CORS refusals look the same.
const FETCH_FAILED = /failed to fetch|networkerror|load failed|fetch failed/i

interface SdkErrorShape {
  readonly name?: unknown
  readonly message?: unknown
  readonly code?: unknown
  readonly cause?: { readonly code?: unknown }
  readonly $metadata?: { readonly httpStatusCode?: unknown }
}

export function sdkErrorName(error: unknown): string | undefined {
  const name = (error as SdkErrorShape | null)?.name
  return typeof name === 'string' ? name : undefined
}

function kindOf(error: unknown): StorageErrorKind {
  const shape = (error ?? {}) as SdkErrorShape
  const name = sdkErrorName(error) ?? ''
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined
  // Before the 403 rule: Ceph RGW answers a full quota with 403 QuotaExceeded.
  if (QUOTA_CODE.test(name) || status === 507) return 'quota'
  if (AUTH_CODES.has(name) || status === 401 || status === 403) return 'auth'
  if (name === 'NoSuchBucket') return 'missing-root'
  if (THROTTLE_CODES.has(name) || status === 429 || status === 503) return 'throttled'
  if (TRANSIENT_CODES.has(name) || (status !== undefined && status >= 500)) return 'transient'
  if (status !== undefined) return 'invalid' // any other 4xx: the request itself was refused
  const code = typeof shape.code === 'string' ? shape.code : shape.cause?.code
  const message = typeof shape.message === 'string' ? shape.message : ''
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'unreachable'
  if (name === 'TimeoutError' || (error instanceof TypeError && FETCH_FAILED.test(message))) return 'unreachable'
  if (/credential/i.test(message)) return 'auth' // browser: "Credential is missing"
  return 'transient' // unknown: retried a bounded number of times, cause kept for diagnosis
}

/** `action` names the operation and path, e.g. "read log/a/1.json". */
export function storageErrorFromS3(error: unknown, location: string, action: string): StorageError {
  if (isStorageError(error)) return error
  const shape = (error ?? {}) as SdkErrorShape
  const status = shape.$metadata?.httpStatusCode
  const what = [sdkErrorName(error), typeof status === 'number' ? `HTTP ${status}` : undefined].filter(Boolean).join(', ')
  const message = typeof shape.message === 'string' ? shape.message : String(error)
  return new StorageError(kindOf(error), location, `${action} failed (${what}): ${message}`, { cause: error })
}
