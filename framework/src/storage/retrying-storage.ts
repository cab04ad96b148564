// Retries what waiting briefly can fix (throttled, transient, a network blip) with
// full-jitter exponential backoff, for any adapter: the one place a storage request is
// retried (adapters do not retry underneath). Everything else fails at once. A network that
// is down is not retried here beyond one blip: live sync backs off between whole syncs. A
// storage that asks for a pause (Retry-After) gets it; one longer than the policy's cap is
// left to live sync's backoff rather than held inside a request.

import { backoffDelay, delay } from '../util/async.ts'
import { isStorageError } from './storage-error.ts'
import type { ListOptions, ReadOptions, UserStorage } from './user-storage.ts'

export interface RetryPolicy {
  readonly attempts: number
  /** Tries for an unreachable network, the first included (default 2: one blip). */
  readonly unreachableAttempts?: number
  readonly baseMs: number
  readonly capMs: number
  /** Called before each wait, e.g. to show "retrying" in the UI. */
  readonly onRetry?: (error: unknown, attempt: number, waitMs: number) => void
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, unreachableAttempts: 2, baseMs: 200, capMs: 10_000 }

/** The platform knows it has no network (browsers): waiting inside a request cannot help. */
const knownOffline = (): boolean => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false

export async function retrying<T>(policy: RetryPolicy, operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      if (!isStorageError(error) || !error.retryable || attempt + 1 >= policy.attempts) throw error
      if (error.kind === 'unreachable' && (knownOffline() || attempt + 1 >= (policy.unreachableAttempts ?? DEFAULT_RETRY.unreachableAttempts!))) throw error
      const asked = error.retryAfterMs ?? 0
      if (asked > policy.capMs) throw error
      const wait = Math.max(asked, backoffDelay(attempt, policy.baseMs, policy.capMs))
      policy.onRetry?.(error, attempt + 1, wait)
      await delay(wait)
    }
  }
}

export function withRetries(storage: UserStorage, policy: RetryPolicy = DEFAULT_RETRY): UserStorage {
  return {
    location: storage.location,
    read: (path: string, options?: ReadOptions) => retrying(policy, () => storage.read(path, options)),
    write: (path: string, data: Uint8Array) => retrying(policy, () => storage.write(path, data)),
    delete: (path: string) => retrying(policy, () => storage.delete(path)),
    list: (prefix: string, options?: ListOptions) => retrying(policy, () => storage.list(prefix, options)),
    ...(storage.listWithTokens && {
      listWithTokens: (prefix: string, options?: ListOptions) => retrying(policy, () => storage.listWithTokens!(prefix, options)),
    }),
  }
}
