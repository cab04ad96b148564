// S3 credentials the user entered, remembered on this device (this browser profile's
// localStorage) so the board keeps syncing after a reload, an offline start or a config
// change. They leave the device only as request signatures to the bucket itself, and never
// enter a workspace, an invite code or the debug hook. Keyed by endpoint + bucket.

export interface S3Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

const STORAGE_KEY = 'clientful-board/s3-credentials/v1'

export interface CredentialStore {
  /** What the user saved for this bucket, else the deployment's defaults (config.json). */
  get(storageUrl: string): S3Credentials | undefined
  /** Only what the user saved. */
  saved(storageUrl: string): S3Credentials | undefined
  set(storageUrl: string, credentials: S3Credentials): void
  /** Forgets what was saved for this bucket (the defaults apply again). */
  remove(storageUrl: string): void
  /**
   * Runs `action` with `credentials` answering for every bucket that has none saved, and keeps
   * them for the buckets it opened only if it succeeds. For device links and recovery kits:
   * they name their buckets inside a code the app does not read.
   */
  withFallback<T>(credentials: S3Credentials, action: () => Promise<T>): Promise<T>
}

type Backing = Pick<Storage, 'getItem' | 'setItem'>

/**
 * Also receives every save (endpoint|bucket → keys). Passed in by the caller (the IndexedDB
 * mirror for background uploads) so that storage/ does not import offline/, which imports it.
 */
export type CredentialMirror = (all: Record<string, unknown>) => Promise<void>

export function createCredentialStore(
  defaults: (storageUrl: string) => S3Credentials | undefined,
  backing: Backing | undefined = globalThis.localStorage,
  mirror?: CredentialMirror,
): CredentialStore {
  const readAll = (): Record<string, unknown> => {
    try {
      const parsed: unknown = JSON.parse(backing?.getItem(STORAGE_KEY) ?? '{}')
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  const writeAll = (all: Record<string, unknown>): void => {
    try {
      backing?.setItem(STORAGE_KEY, JSON.stringify(all))
    } catch {
      // Storage full or disabled: the keys are not remembered, the defaults still apply.
    }
    void mirror?.(all) // for uploads with no tab open
  }
  const saved = (storageUrl: string): S3Credentials | undefined => {
    const entry = readAll()[credentialKey(storageUrl)] as Partial<S3Credentials> | undefined
    return typeof entry?.accessKeyId === 'string' && typeof entry.secretAccessKey === 'string'
      ? { accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey }
      : undefined
  }
  const set = (storageUrl: string, credentials: S3Credentials): void => {
    writeAll({ ...readAll(), [credentialKey(storageUrl)]: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } })
  }
  let fallback: { readonly keys: S3Credentials; readonly used: Set<string> } | undefined
  return {
    get(storageUrl) {
      const own = saved(storageUrl)
      if (own || !fallback) return own ?? defaults(storageUrl)
      fallback.used.add(storageUrl)
      return fallback.keys
    },
    saved,
    set,
    remove(storageUrl) {
      const all = readAll()
      delete all[credentialKey(storageUrl)]
      writeAll(all)
    },
    async withFallback(credentials, action) {
      if (credentials.accessKeyId.trim() === '') return action()
      const trial = { keys: { accessKeyId: credentials.accessKeyId.trim(), secretAccessKey: credentials.secretAccessKey }, used: new Set<string>() }
      fallback = trial
      try {
        const result = await action()
        for (const url of trial.used) set(url, trial.keys)
        return result
      } finally {
        if (fallback === trial) fallback = undefined
      }
    },
  }
}

/**
 * Runs `action` (create or join) with `credentials` in effect for `storageUrl` and keeps them
 * only if it succeeds: a typo in a form must not break the sync of workspaces already there.
 */
export async function withTrialCredentials<T>(store: CredentialStore, storageUrl: string, credentials: S3Credentials, action: () => Promise<T>): Promise<T> {
  if (credentials.accessKeyId.trim() === '') return action()
  const previous = store.saved(storageUrl)
  store.set(storageUrl, { accessKeyId: credentials.accessKeyId.trim(), secretAccessKey: credentials.secretAccessKey })
  try {
    return await action()
  } catch (error) {
    if (previous) store.set(storageUrl, previous)
    else store.remove(storageUrl)
    throw error
  }
}

/** "endpoint|bucket", ignoring the folder and region: the same keys open every folder of a bucket. */
export function credentialKey(storageUrl: string): string {
  try {
    const url = new URL(storageUrl)
    return `${url.searchParams.get('endpoint') ?? 'aws'}|${url.hostname}`
  } catch {
    return storageUrl
  }
}
