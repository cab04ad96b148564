// A tab's line to the tab that runs the device's engine. Calls wait for an engine to exist;
// when the engine tab closes or crashes before answering, calls that are safe to repeat go to
// the next engine and the others fail with 'interrupted' (they may or may not have happened).
// Edits are kept until the engine says they are on the device's disk, and sent again to the
// next engine until then: applying an Automerge change twice changes nothing.

import { ClientfulError } from '../util/errors.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'
import { isIdempotent } from './engine-calls.ts'
import type { CallTarget, TabChannel, TabId, TabMessage } from './tab-protocol.ts'
import { fromWire } from './wire-error.ts'

export interface EngineTab {
  readonly tab: TabId
  readonly deviceId: string
  readonly userId: string
}

export interface TabLinkEvents extends Record<string, unknown> {
  /** Another tab now runs the engine (the first one found, or the next after a hand-over). */
  leader: EngineTab
  /** The engine tab's device or user changed (a device linked, a kit restored). */
  identity: EngineTab
  message: TabMessage
  /** Edits waiting for the engine's acknowledgement, after each change of that number. */
  unacknowledged: number
}

interface PendingCall {
  readonly target: CallTarget
  readonly ws: string | undefined
  readonly method: string
  readonly args: readonly unknown[]
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
  sentTo: TabId | undefined
}

interface PendingEdit {
  readonly ws: string
  readonly docId: string
  readonly changes: readonly Uint8Array[]
  readonly done: () => void
}

export class TabLink extends Emitter<TabLinkEvents> {
  readonly #channel: TabChannel
  readonly #me: TabId
  readonly #calls = new Map<number, PendingCall>()
  readonly #edits = new Map<number, PendingEdit>()
  #leader: EngineTab | undefined
  #nextId = 1
  #off: Unsubscribe | undefined

  constructor(channel: TabChannel, me: TabId) {
    super()
    this.#channel = channel
    this.#me = me
  }

  get leader(): EngineTab | undefined {
    return this.#leader
  }

  get unacknowledged(): number {
    return this.#edits.size
  }

  start(): void {
    this.#off = this.#channel.on((message) => this.#receive(message))
    this.#channel.post({ t: 'hello', from: this.#me })
  }

  async waitForLeader(): Promise<EngineTab> {
    return this.#leader ?? this.once('leader')
  }

  call(target: CallTarget, ws: string | undefined, method: string, args: readonly unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.#nextId++
      const call: PendingCall = { target, ws, method, args, resolve, reject, sentTo: undefined }
      this.#calls.set(id, call)
      this.#send(id, call)
    })
  }

  /** Resolves once the engine holds the changes on the device's disk. */
  edit(ws: string, docId: string, changes: readonly Uint8Array[]): Promise<void> {
    return new Promise((done) => {
      const id = this.#nextId++
      this.#edits.set(id, { ws, docId, changes, done })
      this.emit('unacknowledged', this.#edits.size)
      this.#sendEdit(id)
    })
  }

  #send(id: number, call: PendingCall): void {
    if (!this.#leader) return // sent when an engine announces itself
    call.sentTo = this.#leader.tab
    this.#channel.post({ t: 'call', from: this.#me, to: this.#leader.tab, id, target: call.target, ws: call.ws, method: call.method, args: call.args })
  }

  #sendEdit(id: number): void {
    const edit = this.#edits.get(id)
    if (!edit || !this.#leader) return
    this.#channel.post({ t: 'edit', from: this.#me, to: this.#leader.tab, id, ws: edit.ws, docId: edit.docId, changes: edit.changes })
  }

  #receive(message: TabMessage): void {
    if (message.t === 'leader') return this.#follow({ tab: message.from, deviceId: message.deviceId, userId: message.userId })
    if (message.t === 'reply' && message.to === this.#me) {
      const call = this.#calls.get(message.id)
      if (!call) return
      this.#calls.delete(message.id)
      if (message.ok) call.resolve(message.value)
      else call.reject(fromWire(message.error))
      return
    }
    if (message.t === 'edited' && message.to === this.#me) {
      const edit = this.#edits.get(message.id)
      if (!edit) return
      this.#edits.delete(message.id)
      this.emit('unacknowledged', this.#edits.size)
      edit.done()
      return
    }
    if (this.#leader && message.from === this.#leader.tab) this.emit('message', message)
  }

  #follow(leader: EngineTab): void {
    if (this.#leader?.tab === leader.tab) {
      if (this.#leader.userId === leader.userId && this.#leader.deviceId === leader.deviceId) return
      this.#leader = leader
      this.emit('identity', leader)
      return
    }
    const previous = this.#leader
    this.#leader = leader
    this.emit('leader', leader)
    for (const [id, call] of this.#calls) {
      if (previous === undefined || call.sentTo === undefined || isIdempotent(call.method)) this.#send(id, call)
      else this.#interrupt(id, call)
    }
    for (const id of this.#edits.keys()) this.#sendEdit(id)
  }

  #interrupt(id: number, call: PendingCall): void {
    this.#calls.delete(id)
    call.reject(new ClientfulError('interrupted', `the tab running this device's sync closed before "${call.method}" finished: check whether it happened, and try again`))
  }

  /**
   * This tab now runs the engine itself: calls still owed an answer are handed back (the
   * caller runs the safe ones locally), and edits are done — the caller adopted the documents.
   */
  takeOver(): { retry: PendingCall[] } {
    this.#off?.()
    const retry: PendingCall[] = []
    for (const [id, call] of this.#calls) {
      if (call.sentTo === undefined || isIdempotent(call.method)) retry.push(call)
      else this.#interrupt(id, call)
    }
    this.#calls.clear()
    for (const edit of this.#edits.values()) edit.done()
    this.#edits.clear()
    this.emit('unacknowledged', 0)
    return { retry }
  }

  stop(): void {
    this.#off?.()
  }
}

export type { PendingCall }
