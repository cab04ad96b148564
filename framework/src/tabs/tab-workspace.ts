// A workspace as every tab of a browser profile sees it. In the tab that runs the device's
// engine it is the engine's workspace; in the others, state is mirrored from the engine tab's
// broadcasts, actions are calls to it, and documents are replicas: an edit shows at once in
// the tab that made it, goes to the engine (which saves, seals and shares it) and comes back
// to every other tab. When this tab becomes the engine, the same object (and the same
// document objects the app holds) carries on, backed by the engine.

import * as A from '@automerge/automerge'
import type { InviteOptions, LiveSyncOptions, RemoveStorageOptions } from '../api/options.ts'
import type { LiveSession, WorkspaceApi, WorkspaceApiEvents } from '../api/workspace-api.ts'
import type { AttachmentRef } from '../api/attachment-ref.ts'
import type { DiagnosticReport } from '../api/diagnostic-report.ts'
import { DocHandle } from '../docs/doc-handle.ts'
import { sessionActorId } from '../identity/device-identity.ts'
import type { Role } from '../api/role.ts'
import type { EraseRequest } from '../api/erase-request.ts'
import { roleOfDevice, type MembershipState } from '../membership/state.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import type { Rejection } from '../api/rejection.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'
import type { SyncReport } from '../api/sync-report.ts'
import type { Workspace } from '../workspace/workspace.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceStatus } from '../api/workspace-status.ts'
import { snapshotOf } from './engine-calls.ts'
import { TabAttachments } from './tab-attachments.ts'
import type { TabLink } from './tab-link.ts'
import type { TabMessage } from './tab-protocol.ts'
import type { WorkspaceSnapshot } from './workspace-snapshot.ts'
import type { Presence } from '../api/presence.ts'

const EVENTS = ['status', 'membership', 'rejected', 'change', 'saved', 'presence'] as const

/** What the engine tab provides to its own app's workspaces. */
export interface LocalEngine {
  readonly ws: Workspace
  /** Live sync runs once per workspace in the engine tab, for every tab that asked. */
  ensureLive(ws: Workspace, options: LiveSyncOptions): void
}

interface Replica {
  readonly name: string
  readonly handle: DocHandle<any>
}

export class TabWorkspace extends Emitter<WorkspaceApiEvents> implements WorkspaceApi {
  readonly id: string
  readonly attachments: TabAttachments
  #local: LocalEngine | undefined
  readonly #link: TabLink | undefined
  #snapshot: WorkspaceSnapshot
  readonly #replicas = new Map<string, Replica>()
  readonly #off: Unsubscribe[] = []
  #liveWanted: LiveSyncOptions | undefined
  /** What this tab last asked the engine to show as this device's presence. */
  #presenceWanted: { readonly state: unknown } | undefined

  private constructor(snapshot: WorkspaceSnapshot, link: TabLink | undefined) {
    super()
    this.id = snapshot.id
    this.#snapshot = snapshot
    this.#link = link
    this.attachments = new TabAttachments((method, args) => this.#call('attachments', method, args), () => this.status.pendingAttachments)
  }

  /** In the engine tab: the engine's workspace itself. */
  static async local(engine: LocalEngine): Promise<TabWorkspace> {
    const tab = new TabWorkspace(snapshotOf(engine.ws), undefined)
    await tab.becomeLocal(engine)
    return tab
  }

  /** In another tab: mirrored from the engine tab over the link. */
  static async remote(link: TabLink, id: string): Promise<TabWorkspace> {
    const tab = new TabWorkspace((await link.call('workspace', id, 'state', [])) as WorkspaceSnapshot, link)
    tab.#off.push(
      link.on('message', (message) => tab.#onMessage(message)),
      link.on('unacknowledged', () => tab.emit('status', tab.status)),
      link.on('leader', () => void tab.#followNewEngine()),
    )
    return tab
  }

  get name(): string {
    return this.#snapshot.name
  }
  get deviceId(): string {
    return this.#snapshot.deviceId
  }
  get config(): WorkspaceConfig {
    return this.#local?.ws.config ?? this.#snapshot.config
  }
  get storageUrls(): string[] {
    return this.#local?.ws.storageUrls ?? this.#snapshot.storageUrls
  }
  get membership(): MembershipState {
    return this.#local?.ws.parts.membership.state ?? this.#snapshot.membership
  }
  get presence(): readonly Presence[] {
    return this.#local?.ws.presence ?? this.#snapshot.presence
  }

  /** Presence goes through the engine tab, which alone is in the relay room. */
  setPresence(state: unknown): void {
    this.#presenceWanted = { state }
    if (this.#local) this.#local.ws.setPresence(state)
    else void this.#call('workspace', 'setPresence', [state]).catch(() => undefined)
  }

  get role(): Role | undefined {
    return roleOfDevice(this.membership, this.deviceId)
  }

  /** In another tab, "uploaded" also waits for this tab's own edits to reach the engine. */
  get status(): WorkspaceStatus {
    if (this.#local) return this.#local.ws.status
    const status = this.#snapshot.status
    const unconfirmed = this.#link?.unacknowledged ?? 0
    return unconfirmed === 0 ? status : { ...status, uploaded: false }
  }

  async doc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T>> {
    return this.#local ? this.#local.ws.doc<T>(name) : ((await this.#replica(name, true)) as DocHandle<T>)
  }

  async findDoc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T> | undefined> {
    return this.#local ? this.#local.ws.findDoc<T>(name) : ((await this.#replica(name, false)) as DocHandle<T> | undefined)
  }

  documents(): Promise<{ id: string; name: string | undefined }[]> {
    return this.#local ? this.#local.ws.documents() : (this.#call('workspace', 'documents', []) as Promise<{ id: string; name: string | undefined }[]>)
  }
  exportJson(): Promise<Record<string, unknown>> {
    return this.#local ? this.#local.ws.exportJson() : (this.#call('workspace', 'exportJson', []) as Promise<Record<string, unknown>>)
  }
  attach(docName: string, key: string, content: Blob | Uint8Array, meta: { name?: string; type?: string } = {}): Promise<AttachmentRef> {
    return this.#local ? this.#local.ws.attach(docName, key, content, meta) : (this.#call('workspace', 'attach', [docName, key, content, meta]) as Promise<AttachmentRef>)
  }
  sync(): Promise<SyncReport> {
    return this.#local ? this.#local.ws.sync() : (this.#call('workspace', 'sync', []) as Promise<SyncReport>)
  }
  rejected(): Promise<Rejection[]> {
    return this.#local ? this.#local.ws.rejected() : (this.#call('workspace', 'rejected', []) as Promise<Rejection[]>)
  }

  /** The engine's report, and whether this tab is the one running the engine. */
  async diagnostics(): Promise<DiagnosticReport> {
    const report = (await this.#act('diagnostics', [], (ws) => ws.diagnostics())) as DiagnosticReport
    return { ...report, tab: { runsEngine: this.#local !== undefined } }
  }

  /** Live sync runs in the engine tab for as long as it lives; stopping here only stops asking. */
  live(options: LiveSyncOptions = {}): LiveSession {
    this.#liveWanted = options
    if (this.#local) this.#local.ensureLive(this.#local.ws, options)
    else void this.#call('workspace', 'live', []).catch(() => undefined)
    return { stop: async () => void (this.#liveWanted = undefined) }
  }

  createInvite(options?: InviteOptions): Promise<string> {
    return this.#act('createInvite', [options], (ws) => ws.createInvite(options)) as Promise<string>
  }
  async revokeInvite(inviteOrCode: string): Promise<void> {
    await this.#act('revokeInvite', [inviteOrCode], (ws) => ws.revokeInvite(inviteOrCode))
  }
  async changeRole(member: string, role: Role): Promise<void> {
    await this.#act('changeRole', [member, role], (ws) => ws.changeRole(member, role))
  }
  async removeMember(member: string): Promise<void> {
    await this.#act('removeMember', [member], (ws) => ws.removeMember(member))
  }
  async removeDevice(device: string): Promise<void> {
    await this.#act('removeDevice', [device], (ws) => ws.removeDevice(device))
  }
  async rotateKeys(): Promise<void> {
    await this.#act('rotateKeys', [], (ws) => ws.rotateKeys())
  }
  async erase(request: EraseRequest): Promise<void> {
    await this.#act('erase', [request], (ws) => ws.erase(request))
  }
  publishSnapshot(): Promise<{ path: string; documents: number }> {
    return this.#act('publishSnapshot', [], (ws) => ws.publishSnapshot()) as Promise<{ path: string; documents: number }>
  }
  async addStorage(url: string, credentials?: StorageCredentials): Promise<void> {
    await this.#act('addStorage', [url, credentials], (ws) => ws.addStorage(url, credentials))
  }
  async setPrimaryStorage(url: string, credentials?: StorageCredentials): Promise<void> {
    await this.#act('setPrimaryStorage', [url, credentials], (ws) => ws.setPrimaryStorage(url, credentials))
  }
  async removeStorage(url: string, options?: RemoveStorageOptions): Promise<void> {
    await this.#act('removeStorage', [url, options], (ws) => ws.removeStorage(url, options))
  }
  storageCredentials(url: string): Promise<StorageCredentials | undefined> {
    return this.#act('storageCredentials', [url], (ws) => ws.storageCredentials(url)) as Promise<StorageCredentials | undefined>
  }
  async shareStorageCredentials(url: string, credentials: StorageCredentials): Promise<void> {
    await this.#act('shareStorageCredentials', [url, credentials], (ws) => ws.shareStorageCredentials(url, credentials))
  }

  #act(method: string, args: readonly unknown[], local: (ws: Workspace) => Promise<unknown>): Promise<unknown> {
    return this.#local ? local(this.#local.ws) : this.#call('workspace', method, args)
  }

  #call(target: 'workspace' | 'attachments', method: string, args: readonly unknown[]): Promise<unknown> {
    return this.#link!.call(target, this.id, method, args)
  }

  /** A replica of the engine's document, created once per document in this tab. */
  async #replica(name: string, create: boolean): Promise<DocHandle<unknown> | undefined> {
    for (const replica of this.#replicas.values()) if (replica.name === name) return replica.handle
    const opened = (await this.#call('workspace', 'openDoc', [name, create])) as { docId: string; saved: Uint8Array } | undefined
    if (!opened) return undefined
    const existing = this.#replicas.get(opened.docId)
    if (existing) return existing.handle // opened twice at once
    const doc = A.load<unknown>(opened.saved, { actor: sessionActorId(this.deviceId) })
    const handle = new DocHandle<unknown>(opened.docId, doc, (h, origin) => {
      // Saved once the engine has it on the device's disk.
      if (origin === 'local') void this.#link!.edit(this.id, h.id, [A.getLastLocalChange(h.doc())!]).then(() => this.emit('saved', { docId: h.id }))
    })
    this.#replicas.set(opened.docId, { name, handle })
    return handle
  }

  #onMessage(message: TabMessage): void {
    if (this.#local || !('ws' in message) || message.ws !== this.id) return
    if (message.t === 'doc') {
      const replica = this.#replicas.get(message.docId)
      if (!replica) return
      if (message.reset) replica.handle.replace(A.load(message.update, { actor: sessionActorId(this.deviceId) }))
      else replica.handle.mergeSaved(message.update)
      return
    }
    if (message.t !== 'ws-event') return
    const { event, payload } = message
    if (event.startsWith('attachments.')) return this.attachments.relay(event.slice('attachments.'.length) as 'progress' | 'uploaded', payload)
    if (event === 'status') this.#snapshot = { ...this.#snapshot, status: payload as WorkspaceStatus }
    if (event === 'membership') this.#snapshot = { ...this.#snapshot, membership: payload as MembershipState }
    if (event === 'presence') this.#snapshot = { ...this.#snapshot, presence: payload as readonly Presence[] }
    if (event === 'status') this.emit('status', this.status)
    else this.emit(event as keyof WorkspaceApiEvents, payload as never)
  }

  /** Another tab took over the engine: its state, our documents again, our live sync again. */
  async #followNewEngine(): Promise<void> {
    if (this.#local) return
    this.#snapshot = (await this.#call('workspace', 'state', [])) as WorkspaceSnapshot
    for (const { name, handle } of this.#replicas.values()) {
      const opened = (await this.#call('workspace', 'openDoc', [name, true])) as { docId: string; saved: Uint8Array }
      handle.mergeSaved(opened.saved)
    }
    if (this.#liveWanted) await this.#call('workspace', 'live', [])
    if (this.#presenceWanted) await this.#call('workspace', 'setPresence', [this.#presenceWanted.state])
    this.emit('presence', this.presence)
    this.emit('status', this.status)
    this.emit('membership', this.membership)
  }

  /**
   * This tab now runs the engine: the documents the app holds join the engine's store (with
   * whatever edits the previous engine had not confirmed), and events come from the engine.
   */
  async becomeLocal(engine: LocalEngine): Promise<void> {
    for (const { handle } of this.#replicas.values()) await engine.ws.parts.docs.adopt(handle)
    this.#replicas.clear()
    for (const off of this.#off.splice(0)) off()
    this.#local = engine
    for (const event of EVENTS) this.#off.push(engine.ws.on(event, (payload) => this.emit(event, payload as never)))
    this.attachments.becomeLocal(engine.ws.attachments)
    if (this.#liveWanted) engine.ensureLive(engine.ws, this.#liveWanted)
    if (this.#presenceWanted) engine.ws.setPresence(this.#presenceWanted.state)
    this.emit('presence', this.presence)
    this.emit('status', this.status)
    this.emit('membership', this.membership)
  }

  dispose(): void {
    for (const off of this.#off.splice(0)) off()
    this.attachments.dispose()
  }
}
