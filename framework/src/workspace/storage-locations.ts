// A workspace's storage locations: the primary (the one invites name) and any others, the
// credentials for each, and opening them. Locations are team-wide: adding, promoting or removing
// one is recorded in a reserved document (inside the workspace's encryption, with any credentials
// to share), and every device follows it at its next sync (team-locations.ts has the rule).
// Any location can become the primary; removing the primary promotes another. A device offline
// through a move finds, where the workspace was, a forwarding note to where it went.

import type { DocHandle } from '../docs/doc-handle.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import { paths } from '../format/paths.ts'
import { ROOT_MARKER_PATH } from '../format/version.ts'
import { sha256 } from '../crypto/primitives.ts'
import type { MembershipState } from '../membership/state.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { checkRootMarker } from '../storage/root-marker.ts'
import type { StorageCredentials, UserStorage } from '../storage/user-storage.ts'
import { Mutex } from '../util/async.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { ClientfulError, invalidArgument } from '../util/errors.ts'
import { readForwarding } from './follow-forwarding.ts'
import { clearForwardingNotes, clearWorkspaceFiles, copyWorkspace, deleteWorkspaceFiles } from './storage-move.ts'
import { followedTo, locationsOf, withLocation, withoutLocation, withPrimary } from './location-config.ts'
import { isRemoved, nextPromotion, teamPrimary, type SharedLocation } from './team-locations.ts'
import { updateWorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'

/** The reserved document listing the workspace's storage locations (and shared credentials). */
export const STORAGE_ACCESS_NAME = '\u0000clientful/storage-access'

export type { SharedLocation } from './team-locations.ts'

export interface StorageLocationsHost {
  readonly id: string
  readonly deps: WorkspaceDeps
  config: WorkspaceConfig
  /** The reserved document, opened on demand. */
  shared(): Promise<DocHandle<Record<string, SharedLocation>>>
  /** The folded membership (who may have written a forwarding note). */
  membership(): MembershipState
  /** Keys of the current epoch (a forwarding note is sealed with them), and of any held epoch. */
  currentKeys(): EpochKeys
  keysOf(epoch: string): EpochKeys | undefined
  readonly signer: PrivateKey
}

/** Opening a location found a forwarding note there: the workspace is elsewhere now (and followed). */
export class StorageMovedError extends ClientfulError {
  constructor(message: string) {
    super('not-found', message)
    this.name = 'StorageMovedError'
  }
}

/** Forwarding notes followed in a row at most (a loop of notes stops here). */
const MAX_FORWARDS = 8

export async function locationKey(url: string): Promise<string> {
  return toHex((await sha256(utf8Encode(url))).subarray(0, 8))
}

export class StorageLocations {
  readonly #host: StorageLocationsHost
  readonly #opened = new Map<string, Promise<UserStorage>>()
  /** Locations whose last open or sync failed: the sync retries them, reconcile does not wait on them. */
  readonly #unreachable = new Set<string>()
  /** Opens that failed in the check before a sync, handed to that sync's own open. */
  readonly #failedBeforeSync = new Map<string, { error: unknown }>()
  readonly #lock = new Mutex()

  constructor(host: StorageLocationsHost) {
    this.#host = host
  }

  /** Every location, the primary first. */
  urls(): string[] {
    return locationsOf(this.#host.config)
  }

  /**
   * Opens a location, once per session: checks its format marker, and that the workspace is
   * still there — where it moved away, follows the forwarding note it left (and fails this
   * open: the workspace is elsewhere now).
   */
  open(url: string): Promise<UserStorage> {
    // What the check before this sync found unreachable fails here too, without asking again.
    const failed = this.#failedBeforeSync.get(url)
    if (failed) {
      this.#failedBeforeSync.delete(url)
      return Promise.reject(failed.error)
    }
    let opened = this.#opened.get(url)
    if (!opened) {
      opened = this.#connect(url)
      this.#opened.set(url, opened)
      opened.then(
        () => this.#unreachable.delete(url),
        () => {
          this.#opened.delete(url)
          this.#unreachable.add(url)
        },
      )
    }
    return opened
  }

  async #connect(url: string): Promise<UserStorage> {
    const { deps } = this.#host
    const storage = withRetries(await deps.openStorage(url, await this.credentials(url)), deps.retry)
    // A folder wiped empty gets its marker back (the sync restores the rest); a folder
    // holding something else is refused.
    const empty = (await storage.read(ROOT_MARKER_PATH)) === undefined && (await storage.list('')).length === 0
    await checkRootMarker(storage, { createIfMissing: empty })
    // Only a location this device still uses is followed away from (deleting an old one's files again is not).
    if (!empty && this.urls().includes(url) && (await storage.read(paths.workspace(this.#host.id))) === undefined) {
      const moved = await readForwarding(storage, this.#host)
      if (moved) {
        await this.#follow(url, moved.locations)
        throw new StorageMovedError(`workspace ${this.#host.id} moved away from ${url}: it is now at ${moved.locations[0]!.url}`)
      }
    }
    return storage
  }

  /** After a location failed mid-sync: the sync opens and checks it again next time (it may have moved meanwhile). */
  forget(url: string): void {
    this.#opened.delete(url)
    this.#unreachable.add(url)
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

  /** Adds a location for the whole team: checked, then given a copy of the workspace's files. */
  add(url: string, credentials?: StorageCredentials): Promise<void> {
    return this.#lock.run(() => this.#add(url, credentials))
  }

  /** Makes a location (added first when it is new) the primary, for the whole team. */
  setPrimary(url: string, credentials?: StorageCredentials): Promise<void> {
    return this.#lock.run(() => this.#setPrimary(url, credentials))
  }

  /**
   * Stops using a location, for the whole team, while another remains; removing the primary
   * promotes the next location. Its files stay (see deleteFiles).
   */
  remove(url: string): Promise<void> {
    return this.#lock.run(async () => {
      if (!this.urls().includes(url)) throw new ClientfulError('not-found', `${url} is not a storage location of this workspace`)
      const others = this.urls().filter((u) => u !== url)
      if (others.length === 0) throw invalidArgument('url', 'a location other than the last one: add another location first')
      if (url === this.#host.config.storage) await this.#setPrimary(others[0]!)
      await this.#record(url, { removed: true })
      await this.#drop(url)
    })
  }

  /**
   * Deletes the workspace's files at a removed location, once the primary holds all of them,
   * leaving a forwarding note for devices that were offline through the move. Record the
   * removal where the others read it (a sync) first, or a device still using it puts files back.
   */
  deleteFiles(url: string): Promise<void> {
    return this.#lock.run(async () => {
      if (this.urls().includes(url)) throw invalidArgument('url', 'a location this workspace no longer uses: remove it first')
      if (!isRemoved((await this.#host.shared()).doc(), url)) throw new ClientfulError('not-found', `${url} was never a storage location of this workspace`)
      await this.#deleteFiles(url)
    })
  }

  /**
   * After a sync put files back into a location that had lost them: when the team moved away
   * from it (a forwarding note is there), takes them back and follows the note. A device that
   * kept a location open through the move and its deletion ends up here.
   */
  movedAway(url: string): Promise<boolean> {
    return this.#lock.run(async () => {
      const storage = await this.open(url)
      const moved = await readForwarding(storage, this.#host)
      if (!moved) return false
      await clearWorkspaceFiles(storage, this.#host.id)
      await this.#follow(url, moved.locations)
      return true
    })
  }

  /**
   * Follows what the team recorded: the primary, locations others added or removed; and, where
   * the workspace is gone from a location, the forwarding note left there.
   */
  reconcile(): Promise<void> {
    return this.#lock.run(async () => {
      await this.#followForwarding()
      const shared = (await this.#host.shared()).doc()
      const primary = teamPrimary(shared)
      if (primary !== undefined && primary !== this.#host.config.storage) await this.#makePrimaryHere(primary, isRemoved(shared, this.#host.config.storage))
      for (const location of Object.values(shared)) {
        if (location.url === this.#host.config.storage) continue
        if (location.removed) await this.#drop(location.url)
        else await this.#adopt(location.url)
      }
    })
  }

  async #add(url: string, credentials?: StorageCredentials): Promise<void> {
    if (credentials) await this.shareCredentials(url, credentials)
    const target = await this.open(url)
    await clearForwardingNotes(target, this.#host.id)
    await this.#record(url, { removed: false })
    await this.#adopt(url)
    await this.#copyInto(target, url)
  }

  async #setPrimary(url: string, credentials?: StorageCredentials): Promise<void> {
    if (!this.urls().includes(url)) await this.#add(url, credentials)
    else {
      const target = await this.open(url)
      await clearForwardingNotes(target, this.#host.id)
      await this.#copyInto(target, url)
    }
    const shared = (await this.#host.shared()).doc()
    await this.#record(url, { removed: false, primary: nextPromotion(shared) })
    await this.#makePrimaryHere(url, false)
  }

  /** Copies the workspace into `target` from the first other location that answers. */
  async #copyInto(target: UserStorage, url: string): Promise<void> {
    for (const source of this.urls().filter((u) => u !== url)) {
      const from = await this.open(source).catch(() => undefined)
      if (!from) continue
      await copyWorkspace(from, target, this.#host.id)
      return
    }
  }

  /** Before deleting: whatever only `url` holds goes to the primary; then the files go. */
  async #deleteFiles(url: string): Promise<void> {
    const storage = await this.open(url)
    await copyWorkspace(storage, await this.open(this.#host.config.storage), this.#host.id)
    const locations = []
    for (const u of this.urls()) {
      const credentials = (await this.#host.shared()).doc()[await locationKey(u)]?.credentials
      locations.push({ url: u, ...(credentials ? { credentials } : {}) })
    }
    const { deps, signer } = this.#host
    await deleteWorkspaceFiles(storage, { ws: this.#host.id, device: deps.identity.deviceId, signer, epoch: this.#host.currentKeys(), now: deps.now() }, { locations })
    this.forget(url)
  }

  /**
   * Opens every location not open yet, so one the workspace moved away from is followed before
   * the sync — and then the locations its note named, which may have moved on too.
   */
  async #followForwarding(): Promise<void> {
    for (let round = 0; round < MAX_FORWARDS; round++) {
      const pending = this.urls().filter((url) => !this.#opened.has(url) && !this.#unreachable.has(url))
      if (pending.length === 0) return
      for (const url of pending) {
        await this.open(url).catch((error: unknown) => {
          if (!(error instanceof StorageMovedError)) this.#failedBeforeSync.set(url, { error }) // the sync reports it
        })
      }
    }
  }

  /** Replaces `from` by the locations a forwarding note names (the first one the primary). */
  async #follow(from: string, locations: readonly { url: string; credentials?: StorageCredentials }[]): Promise<void> {
    const next = followedTo(this.#host.config, from, locations)
    if (!next) return
    await this.#update(() => next)
    this.forget(from)
  }

  /** This device's primary becomes `url`; the previous one stays a location unless removed. */
  #makePrimaryHere(url: string, previousRemoved: boolean): Promise<void> {
    return this.#update((c) => withPrimary(c, url, previousRemoved))
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
    if (!this.urls().includes(url)) await this.#update((c) => withLocation(c, url))
  }

  async #drop(url: string): Promise<void> {
    this.forget(url)
    if (url === this.#host.config.storage) return // the primary changes only to another location
    if (this.urls().includes(url)) await this.#update((c) => withoutLocation(c, url))
  }

  async #update(change: (config: WorkspaceConfig) => WorkspaceConfig): Promise<void> {
    this.#host.config = await updateWorkspaceConfig(this.#host.deps.local, this.#host.id, change)
  }
}
