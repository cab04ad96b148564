// The entry point for apps and the CLI: this device's identity and the workspaces it
// belongs to. Platform files (clientful/browser, clientful/node) build the options.

import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim'
import { loadOrCreateIdentity, type DeviceIdentity } from './identity/device-identity.ts'
import type { KeyStore } from './identity/key-store.ts'
import { LocalStore } from './local/local-store.ts'
import type { RetryPolicy } from './storage/retrying-storage.ts'
import type { StorageOpener } from './storage/user-storage.ts'
import type { EnvelopeCrypto } from './sync/envelope-crypto.ts'
import { ClientfulError } from './util/errors.ts'
import { createWorkspace, type CreateWorkspaceOptions } from './workspace/create-workspace.ts'
import { joinWorkspace } from './workspace/join-workspace.ts'
import { Workspace } from './workspace/workspace.ts'
import { loadWorkspaceConfigs, type WorkspaceConfig } from './workspace/workspace-config.ts'
import type { WorkspaceDeps } from './workspace/workspace-deps.ts'

export interface ClientfulOptions {
  /** The device's own persistence (IndexedDB in the browser, a folder in Node). */
  readonly local: StorageAdapterInterface
  readonly keys: KeyStore
  /** Turns a storage URL into an adapter; the app decides which backends it ships. */
  readonly openStorage: StorageOpener
  readonly now?: () => number
  readonly retry?: RetryPolicy
  /** @internal benchmark hook: replaces signing and encryption of envelopes. */
  readonly envelopeCrypto?: (deps: WorkspaceDeps) => EnvelopeCrypto
}

export class Clientful {
  readonly identity: DeviceIdentity
  readonly #deps: WorkspaceDeps
  readonly #options: ClientfulOptions
  readonly #open = new Map<string, Promise<Workspace>>()

  static async open(options: ClientfulOptions): Promise<Clientful> {
    const identity = await loadOrCreateIdentity(options.keys)
    return new Clientful(options, identity)
  }

  private constructor(options: ClientfulOptions, identity: DeviceIdentity) {
    this.identity = identity
    this.#options = options
    this.#deps = {
      local: new LocalStore(options.local),
      keys: options.keys,
      identity,
      openStorage: options.openStorage,
      now: options.now ?? Date.now,
      ...(options.retry ? { retry: options.retry } : {}),
    }
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
    return this.workspace(config.id)
  }

  /** Joins the workspace an invite code (or invite link) points to; joining twice is a no-op. */
  async join(code: string): Promise<Workspace> {
    const config = await joinWorkspace(this.#deps, code)
    return this.workspace(config.id)
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
  }
}
