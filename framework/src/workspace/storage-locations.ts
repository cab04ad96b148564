// A workspace's storage locations: the primary (the one invites name) and any others, the
// credentials for each, and opening them. Locations are team-wide: adding or removing one is
// recorded in a reserved document (inside the workspace's encryption, with any credentials
// to share), and every device follows it at its next sync.

import type { DocHandle } from '../docs/doc-handle.ts'
import { ROOT_MARKER_PATH } from '../format/version.ts'
import { sha256 } from '../crypto/webcrypto.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { checkRootMarker } from '../storage/root-marker.ts'
import type { StorageCredentials, UserStorage } from '../storage/user-storage.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { ClientfulError, invalidArgument } from '../util/errors.ts'
import { updateWorkspaceConfig, type WorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'

/** The reserved document listing the workspace's storage locations (and shared credentials). */
export const STORAGE_ACCESS_NAME = '\u0000clientful/storage-access'

interface SharedLocation {
  url: string
  credentials?: StorageCredentials
  removed?: boolean
}

export interface StorageLocationsHost {
  readonly id: string
  readonly deps: WorkspaceDeps
  config: WorkspaceConfig
  /** The reserved document, opened on demand. */
  shared(): Promise<DocHandle<Record<string, SharedLocation>>>
}

export async function locationKey(url: string): Promise<string> {
  return toHex((await sha256(utf8Encode(url))).subarray(0, 8))
}

export class StorageLocations {
  readonly #host: StorageLocationsHost
  readonly #opened = new Map<string, Promise<UserStorage>>()

  constructor(host: StorageLocationsHost) {
    this.#host = host
  }

  /** Every location, the primary first. */
  urls(): string[] {
    const { config } = this.#host
    return [config.storage, ...(config.extraStorages ?? [])]
  }

  /** Opens a location and checks its format marker, once per session. */
  open(url: string): Promise<UserStorage> {
    let opened = this.#opened.get(url)
    if (!opened) {
      opened = (async () => {
        const { deps } = this.#host
        const storage = withRetries(await deps.openStorage(url, await this.credentials(url)), deps.retry)
        // A folder wiped empty gets its marker back (the sync restores the rest); a folder
        // holding something else is refused.
        const empty = (await storage.read(ROOT_MARKER_PATH)) === undefined && (await storage.list('')).length === 0
        await checkRootMarker(storage, { createIfMissing: empty })
        return storage
      })()
      this.#opened.set(url, opened)
      opened.catch(() => this.#opened.delete(url))
    }
    return opened
  }

  /** Credentials for a location: this device's own, else those shared in the workspace. */
  async credentials(url: string): Promise<StorageCredentials | undefined> {
    const own = this.#host.config.credentials?.[url]
    if (own) return own
    const shared = (await this.#host.shared()).doc()[await locationKey(url)]
    return shared?.url === url ? shared.credentials : undefined
  }

  /** Shares credentials for a location with every member (sealed in the workspace). */
  async shareCredentials(url: string, credentials: StorageCredentials): Promise<void> {
    await this.#record(url, { credentials: { ...credentials } })
    await this.#update((c) => ({ ...c, credentials: { ...c.credentials, [url]: credentials } }))
  }

  /** Adds a location for the whole team; it is checked first. */
  async add(url: string, credentials?: StorageCredentials): Promise<void> {
    if (credentials) await this.shareCredentials(url, credentials)
    await this.open(url)
    await this.#record(url, { removed: false })
    await this.#adopt(url)
  }

  /** Stops using a location, for the whole team (its files stay where they are). */
  async remove(url: string): Promise<void> {
    if (url === this.#host.config.storage) throw invalidArgument('url', 'another location than the primary storage (the one invites name)')
    if (!this.urls().includes(url)) throw new ClientfulError('not-found', `${url} is not a storage location of this workspace`)
    await this.#record(url, { removed: true })
    await this.#drop(url)
  }

  /** Follows what the team recorded: adds locations others added, drops ones they removed. */
  async reconcile(): Promise<void> {
    for (const location of Object.values((await this.#host.shared()).doc())) {
      if (location.url === this.#host.config.storage) continue
      if (location.removed) await this.#drop(location.url)
      else await this.#adopt(location.url)
    }
  }

  async #record(url: string, patch: Partial<SharedLocation>): Promise<void> {
    const key = await locationKey(url)
    const handle = await this.#host.shared()
    handle.change((d) => {
      const entry = d[key]
      if (!entry) d[key] = { url, ...patch }
      else Object.assign(entry, patch)
    })
  }

  async #adopt(url: string): Promise<void> {
    if (!this.urls().includes(url)) await this.#update((c) => ({ ...c, extraStorages: [...(c.extraStorages ?? []), url] }))
  }

  async #drop(url: string): Promise<void> {
    this.#opened.delete(url)
    if (this.urls().includes(url)) await this.#update((c) => ({ ...c, extraStorages: (c.extraStorages ?? []).filter((u) => u !== url) }))
  }

  async #update(change: (config: WorkspaceConfig) => WorkspaceConfig): Promise<void> {
    this.#host.config = await updateWorkspaceConfig(this.#host.deps.local, this.#host.id, change)
  }
}
