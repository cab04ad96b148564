// Drive API failures as StorageError kinds. Drive answers JSON errors of the form
// { error: { code, message, errors: [{ reason, message }] } }; the reason tells a 403 that
// means "slow down" from one that means "no access" or "Drive is full".

import { StorageError, type StorageErrorKind } from 'clientful/storage'

const THROTTLE_REASONS = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'sharingRateLimitExceeded',
  'dailyLimitExceeded',
  'quotaExceeded', // the API-call quota of the app's project, not storage space
])
const QUOTA_REASONS = new Set([
  'storageQuotaExceeded',
  'teamDriveFileLimitExceeded',
  'numChildrenInNonRootLimitExceeded', // 500,000 items in one folder
  'activeItemCreationLimitExceeded',
])

/** What Drive said, read from an error response body that may be JSON, HTML or nothing. */
export interface DriveErrorBody {
  readonly reason: string | undefined
  readonly message: string
}

export function parseErrorBody(text: string): DriveErrorBody {
  try {
    const { error } = JSON.parse(text) as { error?: { message?: unknown; errors?: { reason?: unknown }[] } }
    const reason = error?.errors?.[0]?.reason
    const message = error?.message
    return { reason: typeof reason === 'string' ? reason : undefined, message: typeof message === 'string' ? message : text.slice(0, 200) }
  } catch {
    return { reason: undefined, message: text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) }
  }
}

export function kindOfStatus(status: number, reason: string | undefined): StorageErrorKind {
  if (status === 401) return 'auth'
  if (status === 429 || (reason !== undefined && THROTTLE_REASONS.has(reason))) return 'throttled'
  if (reason !== undefined && QUOTA_REASONS.has(reason)) return 'quota'
  if (status === 403) return 'auth' // insufficientFilePermissions, appNotAuthorizedToFile, domainPolicy …
  if (status === 408 || status >= 500) return 'transient'
  return 'invalid' // any other 4xx: the request itself was refused
}

export function storageErrorFromStatus(status: number, body: DriveErrorBody, location: string, action: string, retryAfterMs = 0): StorageError {
  const what = [`HTTP ${status}`, body.reason].filter(Boolean).join(', ')
  const kind = kindOfStatus(status, body.reason)
  const asked = retryAfterMs > 0 && (kind === 'throttled' || kind === 'transient') ? { retryAfterMs } : undefined
  return new StorageError(kind, location, `${action} failed (${what}): ${body.message}`, asked)
}

/** fetch itself failed: offline, DNS, connection refused, CORS refusal, or our timeout. */
export function storageErrorFromNetwork(error: unknown, location: string, action: string): StorageError {
  const message = error instanceof Error ? error.message : String(error)
  return new StorageError('unreachable', location, `${action} failed: ${message}`, { cause: error })
}
