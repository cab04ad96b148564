// The entry point for apps and the CLI: this device's identity and the workspaces it
// belongs to. Platform files (clientful/browser, clientful/node) build the options.

import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim'
import { adoptUserKey, loadOrCreateIdentity, type DeviceIdentity, type DeviceRecord } from './identity/device-identity.ts'
import { keyPairFromSeed } from './crypto/keys.ts'
import { isCurrentDevice } from './membership/state.ts'
import { createDeviceLink, linkPath, openDeviceLink, type PendingLink } from './user/device-link.ts'
import { formatRecoveryKit, newRecoverySeed, parseRecoveryKit, recoveryKeys, recoveryRecord } from './user/recovery-kit.ts'
import { listUserDevices, removeUserDevice } from './user/user-devices.ts'
import { adoptWorkspace } from './workspace/adopt-workspace.ts'
import { registerRecoveryKey } from './workspace/membership-actions.ts'
import type { KeyStore } from './identity/key-store.ts'
import { LocalStore } from './local/local-store.ts'
import type { RetryPolicy } from './storage/retrying-storage.ts'
import type { BlobStoreOptions } from './blobs/blob-store.ts'
import type { StorageOpener } from './storage/user-storage.ts'
import type { EnvelopeCrypto } from './sync/envelope-crypto.ts'
import type { ChangeScreenFactory } from './sync/change-screen.ts'
import { ClientfulError } from './util/errors.ts'
import { createWorkspace } from './workspace/create-workspace.ts'
import { joinWorkspace } from './workspace/join-workspace.ts'
import { Workspace } from './workspace/workspace.ts'
import { loadWorkspaceConfigs } from './workspace/workspace-config.ts'
import type { WorkspaceConfig } from './api/workspace-config.ts'
import type { ClientApi, ClientApiEvents, UserDevice } from './api/client-api.ts'
import type { CreateWorkspaceOptions } from './api/options.ts'
import { Emitter } from './util/events.ts'
import type { WorkspaceDeps } from './workspace/workspace-deps.ts'

export interface ClientfulOptions {
  /** The device's own persistence (IndexedDB in the browser, a folder in Node). */
  readonly local: StorageAdapterInterface
  readonly keys: KeyStore
  /** Turns a storage URL into an adapter; the app decides which backends it ships. */
  readonly openStorage: StorageOpener
  readonly now?: () => number
  readonly retry?: RetryPolicy
  /** Attachment limits: largest size accepted, chunk size. */
  readonly attachments?: BlobStoreOptions
  /** Publish a snapshot after this many changes were synced (default 5,000; 0 never). */
  readonly snapshotEvery?: number
  /**
   * The app's rules, which every peer runs on every change: app-model's
   * `checkedTypes([boardType, …])`. Every tab of a browser profile must pass the same.
   */
  readonly rules?: ChangeScreenFactory
  /**
   * What makes this the device's only engine (a file lock on a Node home, a Web Lock in the
   * browser); released by close(). See invariant 12 in docs/ARCHITECTURE.md.
   */
  readonly deviceLock?: { release(): Promise<void> }
  /** @internal benchmark hook: replaces signing and encryption of envelopes. */
  readonly envelopeCrypto?: (deps: WorkspaceDeps) => EnvelopeCrypto
}

/** The device's engine: in Node, and in the browser tab that holds the device (see clientful/browser). */
export class Clientful extends Emitter<ClientApiEvents> implements ClientApi {
  #deps: WorkspaceDeps
  readonly #options: ClientfulOptions
  readonly #open = new Map<string, Promise<Workspace>>()

  static async open(options: ClientfulOptions): Promise<Clientful> {
    try {
      const identity = await loadOrCreateIdentity(options.keys)
      return new Clientful(options, identity)
    } catch (error) {
      await options.deviceLock?.release()
      throw error
    }
  }

  private constructor(options: ClientfulOptions, identity: DeviceIdentity) {
    super()
    this.#options = options
    this.#deps = {
      local: new LocalStore(options.local),
      keys: options.keys,
      identity,
      openStorage: options.openStorage,
      now: options.now ?? Date.now,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.attachments ? { attachments: options.attachments } : {}),
      ...(options.snapshotEvery !== undefined ? { snapshotEvery: options.snapshotEvery } : {}),
      ...(options.rules ? { rules: options.rules } : {}),
    }
  }

  get identity(): DeviceIdentity {
    return this.#deps.identity
  }

  get deviceId(): string {
    return this.identity.deviceId
  }

  get userId(): string {
    return this.identity.userId
  }

  workspaces(): Promise<WorkspaceConfig[]> {
    return loadWorkspaceConfigs(this.#deps.local)
  }

  async createWorkspace(options: CreateWorkspaceOptions): Promise<Workspace> {
    const config = await createWorkspace(this.#deps, options)
    const ws = await this.workspace(config.id)
    if (options.credentials) await ws.shareStorageCredentials(options.storage, options.credentials)
    await this.#withRecovery(ws)
    await this.#workspacesChanged()
    return ws
  }

  /** Joins the workspace an invite code (or invite link) points to; joining twice is a no-op. */
  async join(code: string): Promise<Workspace> {
    const config = await joinWorkspace(this.#deps, code)
    const ws = await this.#withRecovery(await this.workspace(config.id))
    await this.#workspacesChanged()
    return ws
  }

  async #workspacesChanged(): Promise<void> {
    this.emit('workspaces', await this.workspaces())
  }

  /** Every workspace this device is in, opened. */
  async openAll(): Promise<Workspace[]> {
    return Promise.all((await this.workspaces()).map((c) => this.workspace(c.id)))
  }

  /** This user's devices (and recovery key) across the workspaces this device is in. */
  async devices(): Promise<UserDevice[]> {
    return listUserDevices(this.userId, this.deviceId, await this.openAll())
  }

  /** Removes one of this user's devices everywhere (keys rotate); returns the workspaces changed. */
  async removeDevice(deviceId: string): Promise<string[]> {
    return removeUserDevice(deviceId, await this.openAll())
  }

  /** A code (show it as text or a QR code) that makes another device a device of this user. */
  async createDeviceLink(lifetimeMs?: number): Promise<string> {
    await this.cleanupDeviceLinks()
    const known = (await this.devices()).map((d) => d.deviceId)
    const { code, pending } = await createDeviceLink(this.#deps, await this.openAll(), lifetimeMs)
    await this.#deps.local.putJson(['user', 'links', pending.linkId], { ...pending, known })
    return code
  }

  /** Deletes link files that were used or expired (the device that wrote them is their only writer). */
  async cleanupDeviceLinks(): Promise<void> {
    const devices = await this.devices().catch(() => [])
    for (const { key, value } of await this.#deps.local.rangeJson<PendingLink & { known?: string[] }>(['user', 'links'])) {
      const used = devices.some((d) => d.kind === 'device' && !(value.known ?? []).includes(d.deviceId))
      if (!used && this.#deps.now() < value.expires) continue
      try {
        const storage = await this.#deps.openStorage(value.storage)
        await storage.delete(linkPath(value.linkId))
        await this.#deps.local.delete(key)
      } catch {
        // Storage unreachable: try again next time.
      }
    }
  }

  /** On a new device: become a device of the user who made the link code, in all their workspaces. */
  async linkThisDevice(code: string): Promise<Workspace[]> {
    await this.#requireFresh()
    const link = await openDeviceLink(this.#deps, code)
    const previous = this.identity.user
    await this.#becomeUser(link.userSeed)
    let joined = 0
    let failure: unknown
    for (const invite of link.invites) {
      try {
        await joinWorkspace(this.#deps, invite)
        joined++
      } catch (error) {
        failure ??= error
      }
    }
    if (joined === 0) {
      // Nothing was admitted (the link's invites were used or expired): stay who we were.
      this.#deps = { ...this.#deps, identity: await adoptUserKey(this.#deps.keys, previous) }
      throw failure ?? new ClientfulError('invalid-invite', 'the device link admitted this device nowhere')
    }
    await this.#workspacesChanged()
    return this.openAll()
  }

  /** A recovery kit (text to save or print); a new kit retires the previous one. */
  async createRecoveryKit(): Promise<string> {
    const workspaces = await this.openAll()
    const seed = newRecoverySeed()
    const record = await recoveryRecord(this.identity.user, seed)
    const previous = await this.#deps.local.getJson<DeviceRecord>(['user', 'recovery'])
    for (const ws of workspaces) {
      if (previous && previous.id !== record.id && isCurrentDevice(ws.parts.membership.state, previous.id)) await ws.removeDevice(previous.id)
      await registerRecoveryKey(ws, record)
      await ws.parts.membership.push(await ws.storage())
    }
    await this.#deps.local.putJson(['user', 'recovery'], record)
    const kit = { userSeed: this.identity.user.privateKey.seed!, recoverySeed: seed, workspaces: workspaces.map((ws) => ({ id: ws.id, storage: ws.config.storage, relay: ws.config.relay })) }
    return formatRecoveryKit(kit, this.userId, new Map(workspaces.map((ws) => [ws.id, ws.name])), new Date(this.#deps.now()))
  }

  /** On a new device: restore the identity and workspaces of a recovery kit. */
  async restoreFromKit(text: string): Promise<Workspace[]> {
    const kit = parseRecoveryKit(text)
    await this.#requireFresh()
    await this.#becomeUser(kit.userSeed)
    const keys = await recoveryKeys(kit.recoverySeed)
    const record = await recoveryRecord(this.identity.user, kit.recoverySeed)
    const recovery = { deviceId: record.id, box: keys.box, signing: keys.signing }
    for (const locator of kit.workspaces) await adoptWorkspace(this.#deps, locator, recovery)
    await this.#deps.local.putJson(['user', 'recovery'], record)
    await this.#workspacesChanged()
    return this.openAll()
  }

  async #requireFresh(): Promise<void> {
    if ((await this.workspaces()).length > 0) {
      throw new ClientfulError('invalid-argument', 'this device already belongs to workspaces: link or restore on a new device (or a new home)')
    }
  }

  async #becomeUser(userSeed: Uint8Array): Promise<void> {
    const identity = await adoptUserKey(this.#deps.keys, await keyPairFromSeed('Ed25519', userSeed))
    this.#deps = { ...this.#deps, identity }
  }

  /** New workspaces get this user's recovery key too, so the kit keeps working. */
  async #withRecovery(ws: Workspace): Promise<Workspace> {
    const record = await this.#deps.local.getJson<DeviceRecord>(['user', 'recovery'])
    if (record && !ws.membership.devices.has(record.id)) {
      await registerRecoveryKey(ws, record)
      await ws.parts.membership.push(await ws.storage()).catch(() => 0)
    }
    return ws
  }

  workspace(id: string): Promise<Workspace> {
    let open = this.#open.get(id)
    if (!open) {
      open = (async () => {
        const config = (await this.workspaces()).find((c) => c.id === id)
        if (!config) throw new ClientfulError('not-member', `this device is not in workspace ${id}`)
        return Workspace.open(this.#deps, config, this.#options.envelopeCrypto?.(this.#deps))
      })()
      this.#open.set(id, open)
      open.catch(() => this.#open.delete(id))
    }
    return open
  }

  async close(): Promise<void> {
    for (const open of this.#open.values()) await (await open.catch(() => undefined))?.close()
    this.#open.clear()
    await this.#options.deviceLock?.release()
  }
}
