// This device as one tab of a browser profile sees it (invariant 12: one engine per device).
// The tab that holds the device's lock runs the engine: it alone seals, numbers, uploads and
// talks to the relay. Every other tab follows it over the channel and waits for the lock;
// when the engine tab closes or crashes, the next tab in line opens the engine from the
// device's disk, adopts the documents its app holds (with edits the old engine never
// confirmed), answers again the calls that are safe to repeat, and announces itself.

import type { ClientApi, ClientApiEvents, UserDevice } from '../api/client-api.ts'
import type { CreateWorkspaceOptions, LiveSyncOptions } from '../api/options.ts'
import type { Clientful } from '../client.ts'
import type { LiveSync } from '../sync/live-sync.ts'
import type { WebSocketFactory } from '../api/websocket-like.ts'
import { Emitter } from '../util/events.ts'
import type { Workspace } from '../workspace/workspace.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import { callEngine, type EngineServices } from './engine-calls.ts'
import { TabHost } from './tab-host.ts'
import { TabLink } from './tab-link.ts'
import type { LeaderLock, TabChannel, TabId } from './tab-protocol.ts'
import { TabWorkspace } from './tab-workspace.ts'

export interface TabClientOptions {
  readonly channel: TabChannel
  readonly lock: LeaderLock
  /** Opens the device's engine from its disk; called only by the tab that holds the lock. */
  readonly openEngine: () => Promise<Clientful>
  /** How the engine tab reaches the relay for live sync that other tabs ask for. */
  readonly connect?: WebSocketFactory
  readonly tabId: TabId
}

type Role = { readonly kind: 'engine'; readonly engine: Clientful; readonly host: TabHost } | { readonly kind: 'follower'; readonly link: TabLink }

export class TabClient extends Emitter<ClientApiEvents> implements ClientApi {
  readonly #options: TabClientOptions
  #role!: Role
  #identity = { deviceId: '', userId: '' }
  readonly #workspaces = new Map<string, Promise<TabWorkspace>>()
  readonly #live = new Map<string, LiveSync>()
  #promotion: Promise<void> | undefined
  #closed = false

  static async open(options: TabClientOptions): Promise<TabClient> {
    const client = new TabClient(options)
    await client.#start()
    return client
  }

  private constructor(options: TabClientOptions) {
    super()
    this.#options = options
  }

  /** Whether this tab runs the device's engine right now. */
  get runsEngine(): boolean {
    return this.#role.kind === 'engine'
  }

  get deviceId(): string {
    return this.#role.kind === 'engine' ? this.#role.engine.deviceId : this.#identity.deviceId
  }

  get userId(): string {
    return this.#role.kind === 'engine' ? this.#role.engine.userId : this.#identity.userId
  }

  async #start(): Promise<void> {
    const { lock, channel, tabId } = this.#options
    if (await lock.tryAcquire()) return this.#becomeEngine()
    const link = new TabLink(channel, tabId)
    this.#role = { kind: 'follower', link }
    link.on('leader', (leader) => void (this.#identity = { deviceId: leader.deviceId, userId: leader.userId }))
    link.on('message', (message) => {
      if (message.t === 'client-event' && message.event === 'workspaces') this.emit('workspaces', message.payload as WorkspaceConfig[])
    })
    link.on('identity', (leader) => void (this.#identity = { deviceId: leader.deviceId, userId: leader.userId }))
    link.start()
    // Wait in line from the start: an engine tab that dies before announcing itself must not
    // leave this one waiting for an announcement that never comes.
    this.#promotion = lock.acquire().then(
      () => (this.#closed ? lock.release() : this.#becomeEngine()),
      () => undefined, // the wait was cancelled: this tab closed
    )
    await Promise.race([link.waitForLeader(), this.#promotion])
  }

  async #becomeEngine(): Promise<void> {
    const engine = await this.#options.openEngine()
    const services: Omit<EngineServices, 'share'> = { engine, ensureLive: (ws) => this.#ensureLive(ws, {}) }
    const host = new TabHost(this.#options.channel, this.#options.tabId, services)
    const previous = this.#role
    this.#role = { kind: 'engine', engine, host }
    this.#identity = { deviceId: engine.deviceId, userId: engine.userId }
    engine.on('workspaces', (list) => this.emit('workspaces', list))
    const owed = previous?.kind === 'follower' ? previous.link.takeOver().retry : []
    for (const [id, opened] of this.#workspaces) {
      const tab = await opened.catch(() => undefined)
      if (!tab) continue
      const ws = await engine.workspace(id)
      await tab.becomeLocal(this.#localEngine(ws))
      host.watch(ws)
    }
    host.start()
    const ownServices: EngineServices = { ...services, share: (ws, handle) => host.share(ws, handle) }
    for (const call of owed) callEngine(ownServices, call.target, call.ws, call.method, call.args).then(call.resolve, call.reject)
  }

  #localEngine(ws: Workspace) {
    return { ws, ensureLive: (w: Workspace, options: LiveSyncOptions) => this.#ensureLive(w, options) }
  }

  /** One live sync per workspace in the engine tab, whichever tabs asked for it. */
  #ensureLive(ws: Workspace, options: LiveSyncOptions): void {
    if (this.#live.has(ws.id)) return
    const connect = options.connect ?? this.#options.connect
    this.#live.set(ws.id, ws.live({ ...options, ...(connect ? { connect } : {}) }))
  }

  async #call(method: string, args: readonly unknown[]): Promise<unknown> {
    const role = this.#role
    if (role.kind === 'follower') return role.link.call('client', undefined, method, args)
    return callEngine({ engine: role.engine, ensureLive: () => undefined, share: (ws, handle) => role.host.share(ws, handle) }, 'client', undefined, method, args)
  }

  workspace(id: string): Promise<TabWorkspace> {
    let opened = this.#workspaces.get(id)
    if (!opened) {
      const role = this.#role
      opened =
        role.kind === 'engine'
          ? role.engine.workspace(id).then((ws) => {
              role.host.watch(ws)
              return TabWorkspace.local(this.#localEngine(ws))
            })
          : TabWorkspace.remote(role.link, id)
      this.#workspaces.set(id, opened)
      opened.catch(() => this.#workspaces.delete(id))
    }
    return opened
  }

  workspaces(): Promise<WorkspaceConfig[]> {
    return this.#call('workspaces', []) as Promise<WorkspaceConfig[]>
  }

  async openAll(): Promise<TabWorkspace[]> {
    return Promise.all((await this.workspaces()).map((c) => this.workspace(c.id)))
  }

  async createWorkspace(options: CreateWorkspaceOptions): Promise<TabWorkspace> {
    return this.workspace((await this.#call('createWorkspace', [options])) as string)
  }

  async join(code: string): Promise<TabWorkspace> {
    return this.workspace((await this.#call('join', [code])) as string)
  }

  devices(): Promise<UserDevice[]> {
    return this.#call('devices', []) as Promise<UserDevice[]>
  }

  removeDevice(deviceId: string): Promise<string[]> {
    return this.#call('removeDevice', [deviceId]) as Promise<string[]>
  }

  createDeviceLink(lifetimeMs?: number): Promise<string> {
    return this.#call('createDeviceLink', [lifetimeMs]) as Promise<string>
  }

  async linkThisDevice(code: string): Promise<TabWorkspace[]> {
    const ids = (await this.#call('linkThisDevice', [code])) as string[]
    await this.#refreshIdentity()
    return Promise.all(ids.map((id) => this.workspace(id)))
  }

  createRecoveryKit(): Promise<string> {
    return this.#call('createRecoveryKit', []) as Promise<string>
  }

  async restoreFromKit(text: string): Promise<TabWorkspace[]> {
    const ids = (await this.#call('restoreFromKit', [text])) as string[]
    await this.#refreshIdentity()
    return Promise.all(ids.map((id) => this.workspace(id)))
  }

  /** Linking and restoring change who this device's user is. */
  async #refreshIdentity(): Promise<void> {
    if (this.#role.kind === 'follower') this.#identity = (await this.#call('identity', [])) as { deviceId: string; userId: string }
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const opened of this.#workspaces.values()) (await opened.catch(() => undefined))?.dispose()
    const role = this.#role
    if (role.kind === 'engine') {
      for (const live of this.#live.values()) await live.stop()
      role.host.stop()
      await role.engine.close()
    } else {
      role.link.stop()
    }
    this.#options.lock.release()
    await this.#promotion
    this.#options.channel.close()
  }
}
