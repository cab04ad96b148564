// Retries what waiting can fix (unreachable, throttled, transient) with full-jitter
// exponential backoff, for any adapter. Everything else fails at once.

import { backoffDelay, delay } from '../util/async.ts'
import { isStorageError } from './storage-error.ts'
import type { ListOptions, UserStorage } from './user-storage.ts'

export interface RetryPolicy {
  readonly attempts: number
  readonly baseMs: number
  readonly capMs: number
  /** Called before each wait, e.g. to show "retrying" in the UI. */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, capMs: 10_000 }

export async function retrying<T>(policy: RetryPolicy, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      if (!isStorageError(error) || !error.retryable || attempt + 1 >= policy.attempts) throw error
      const wait = backoffDelay(attempt, policy.baseMs, policy.capMs)
      policy.onRetry?.(error, attempt + 1, wait)
      await delay(wait)
    }
  }
}

export function withRetries(storage: UserStorage, policy: RetryPolicy = DEFAULT_RETRY): UserStorage {
  return {
    location: storage.location,
    read: (path: string) => retrying(policy, () => storage.read(path)),
    write: (path: string, data: Uint8Array) => retrying(policy, () => storage.write(path, data)),
    delete: (path: string) => retrying(policy, () => storage.delete(path)),
    list: (prefix: string, options?: ListOptions) => retrying(policy, () => storage.list(prefix, options)),
  }
}
