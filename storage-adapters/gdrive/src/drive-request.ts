// One Drive REST request with everything a request needs: the current token (refreshed once
// on 401), a timeout, pacing for writes, and what Drive said about "later" (429, 403 rate
// limits, 5xx): a throttled answer pauses every write and its Retry-After travels on the
// error. By default one try: the framework's withRetries owns retries, so a request is never
// retried at two levels (5 × 5 tries). Standalone users may ask for backoff here instead.
// Failures leave as StorageErrors; statuses the caller handles itself (404 for "no such
// file") come back as responses.

import { StorageError } from 'clientful/storage'
import { parseErrorBody, storageErrorFromNetwork, storageErrorFromStatus } from './drive-errors.ts'
import type { WritePacer } from './write-pacer.ts'

export interface BackoffPolicy {
  /** Tries per request, the first included. Default 1: withRetries retries above the adapter. */
  readonly attempts: number
  readonly baseMs: number
  readonly capMs: number
  /** Called before each wait, e.g. to show "Drive is busy" in the UI. */
  readonly onRetry?: (error: StorageError, attempt: number, waitMs: number) => void
}

export const DEFAULT_BACKOFF: BackoffPolicy = { attempts: 1, baseMs: 500, capMs: 32_000 }

export interface DriveRequester {
  readonly apiUrl: string
  readonly location: string
  readonly getToken: () => Promise<string>
  readonly pacer: WritePacer
  readonly backoff: BackoffPolicy
  readonly timeoutMs: number
  readonly fetch: typeof fetch
}

export interface DriveRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** e.g. "/drive/v3/files/ID" */
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  readonly body?: Uint8Array<ArrayBuffer> | string
  readonly contentType?: string
  /** For messages: "read log/a/1.json". */
  readonly action: string
  /** Statuses returned to the caller instead of thrown. */
  readonly accept?: readonly number[]
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}

async function currentToken(requester: DriveRequester, action: string): Promise<string> {
  try {
    const token = await requester.getToken()
    if (typeof token !== 'string' || token === '') throw new TypeError('getToken() gave no token')
    return token
  } catch (error) {
    throw new StorageError('auth', requester.location, `${action} failed: no access token (${error instanceof Error ? error.message : String(error)})`, { cause: error })
  }
}

export async function driveRequest(requester: DriveRequester, request: DriveRequest): Promise<Response> {
  const { method, action } = request
  const { backoff } = requester
  const url = new URL(requester.apiUrl + request.path)
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value)
  const writes = method !== 'GET'
  let refreshed = false
  for (let attempt = 0; ; attempt++) {
    if (writes) await requester.pacer.take()
    const token = await currentToken(requester, action)
    let response: Response
    try {
      response = await requester.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(request.contentType !== undefined && { 'content-type': request.contentType }),
        },
        ...(request.body !== undefined && { body: request.body }),
        // Drive sends no Cache-Control on media; a browser could answer a read from cache.
        cache: 'no-store',
        signal: AbortSignal.timeout(requester.timeoutMs),
      })
    } catch (error) {
      throw storageErrorFromNetwork(error, requester.location, action)
    }
    if (response.ok || request.accept?.includes(response.status)) return response

    const body = parseErrorBody(await response.text().catch(() => ''))
    if (response.status === 401 && !refreshed) {
      // An expired token: the app's getToken() may hand out a fresh one. Only a new token is
      // worth a second try; the same one would just fail again.
      refreshed = true
      if ((await currentToken(requester, action)) !== token) {
        attempt--
        continue
      }
    }
    const asked = retryAfterMs(response)
    const error = storageErrorFromStatus(response.status, body, requester.location, action, asked)
    const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt)
    const wait = Math.min(backoff.capMs, Math.max(asked, Math.floor(Math.random() * ceiling)))
    if (error.kind === 'throttled') requester.pacer.holdOff(wait) // the limit is per user: all writes wait
    if (!error.retryable || attempt + 1 >= backoff.attempts) throw error
    backoff.onRetry?.(error, attempt + 1, wait)
    await sleep(wait)
  }
}

/** Reads a response body; a connection dropped mid-body is 'unreachable' like any network failure. */
export async function responseBytes(requester: DriveRequester, response: Response, action: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    throw storageErrorFromNetwork(error, requester.location, action)
  }
}

export async function responseJson<T>(requester: DriveRequester, response: Response, action: string): Promise<T> {
  const bytes = await responseBytes(requester, response, action)
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T
  } catch (error) {
    throw new StorageError('transient', requester.location, `${action} failed: Drive answered with malformed JSON`, { cause: error })
  }
}
