// The engine tab's side of the channel: it answers calls from the other tabs, keeps the edits
// they make (saved to the device's disk before it says so), and broadcasts what every tab
// must see at once: each workspace's events and every change to a document a tab has open.

import * as A from '@automerge/automerge'
import type { DocHandle } from '../docs/doc-handle.ts'
import { errorMessage } from '../util/errors.ts'
import type { Unsubscribe } from '../util/events.ts'
import type { Workspace } from '../workspace/workspace.ts'
import { callEngine, type EngineServices } from './engine-calls.ts'
import type { TabChannel, TabId, TabMessage } from './tab-protocol.ts'
import { toWire } from './wire-error.ts'

const WORKSPACE_EVENTS = ['status', 'membership', 'rejected', 'change', 'presence'] as const
const ATTACHMENT_EVENTS = ['progress', 'uploaded'] as const

export class TabHost {
  readonly #channel: TabChannel
  readonly #me: TabId
  readonly #services: Omit<EngineServices, 'share'>
  readonly #off: Unsubscribe[] = []
  /** Workspaces whose events other tabs hear. */
  readonly #watched = new Set<string>()
  /** Per workspace and document: the heads the last broadcast brought every tab to. */
  readonly #shared = new Map<string, string[]>()

  constructor(channel: TabChannel, me: TabId, services: Omit<EngineServices, 'share'>) {
    this.#channel = channel
    this.#me = me
    this.#services = services
  }

  start(): void {
    this.#off.push(
      this.#channel.on((message) => void this.#receive(message)),
      this.#services.engine.on('workspaces', (payload) => {
        this.#announce() // linking or restoring may have changed who this device's user is
        this.#channel.post({ t: 'client-event', from: this.#me, event: 'workspaces', payload })
      }),
    )
    this.#announce()
  }

  /** Tells every tab (those waiting, and those that followed the engine before) who runs it now. */
  #announce(): void {
    const { deviceId, userId } = this.#services.engine
    this.#channel.post({ t: 'leader', from: this.#me, deviceId, userId })
  }

  stop(): void {
    for (const off of this.#off.splice(0)) off()
  }

  /** Starts broadcasting a workspace's events (the engine tab's own app opened it, or a call did). */
  watch(ws: Workspace): void {
    if (this.#watched.has(ws.id)) return
    this.#watched.add(ws.id)
    for (const event of WORKSPACE_EVENTS) {
      this.#off.push(ws.on(event, (payload) => this.#channel.post({ t: 'ws-event', from: this.#me, ws: ws.id, event, payload })))
    }
    for (const event of ATTACHMENT_EVENTS) {
      this.#off.push(ws.attachments.on(event, (payload) => this.#channel.post({ t: 'ws-event', from: this.#me, ws: ws.id, event: `attachments.${event}`, payload })))
    }
  }

  /** From now on, every change to this document reaches every tab (registered before it is handed out). */
  share(ws: Workspace, handle: DocHandle<unknown>): void {
    this.watch(ws)
    const key = `${ws.id}/${handle.id}`
    if (this.#shared.has(key)) return
    this.#shared.set(key, A.getHeads(handle.doc()))
    this.#off.push(handle.on('change', () => this.#broadcastDoc(ws.id, key, handle)))
  }

  #broadcastDoc(ws: string, key: string, handle: DocHandle<unknown>): void {
    const doc = handle.doc()
    const last = this.#shared.get(key)!
    // A rebuilt document (a reader's edits undone) no longer holds what tabs were told: send it whole.
    const reset = !A.hasHeads(doc, last)
    const update = reset ? A.save(doc) : A.saveSince(doc, last)
    this.#shared.set(key, A.getHeads(doc))
    if (update.length > 0) this.#channel.post({ t: 'doc', from: this.#me, ws, docId: handle.id, update, reset })
  }

  async #receive(message: TabMessage): Promise<void> {
    switch (message.t) {
      case 'hello':
        return this.#announce()
      case 'call':
        if (message.to === this.#me) await this.#answer(message)
        return
      case 'edit':
        if (message.to === this.#me) await this.#keepEdit(message)
        return
      default:
        return
    }
  }

  async #answer(message: Extract<TabMessage, { t: 'call' }>): Promise<void> {
    const services: EngineServices = { ...this.#services, share: (ws, handle) => this.share(ws, handle) }
    const reply = { t: 'reply', from: this.#me, to: message.from, id: message.id } as const
    try {
      if (message.ws !== undefined) this.watch(await this.#services.engine.workspace(message.ws))
      const value = await callEngine(services, message.target, message.ws, message.method, message.args)
      this.#channel.post({ ...reply, ok: true, value })
    } catch (error) {
      this.#channel.post({ ...reply, ok: false, error: toWire(error) })
    }
  }

  async #keepEdit(message: Extract<TabMessage, { t: 'edit' }>): Promise<void> {
    try {
      const ws = await this.#services.engine.workspace(message.ws)
      const handle = await ws.parts.docs.open(message.docId)
      this.share(ws, handle)
      handle.applyFromTab(message.changes)
      await ws.parts.docs.flush()
      this.#channel.post({ t: 'edited', from: this.#me, to: message.from, id: message.id })
    } catch (error) {
      // Not acknowledged: the tab keeps the edit and sends it again to the next engine.
      console.warn(`an edit from another tab could not be kept: ${errorMessage(error)}`)
    }
  }
}
