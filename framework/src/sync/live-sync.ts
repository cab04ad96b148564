// Keeps an open workspace in sync while the app runs: a local edit is sealed right after the
// task that made it when the device is idle, or with the edits of the next tens of
// milliseconds when it is busy, and sent through the relay at once (the fast path), then
// uploaded to storage (the durable path). Storage is pulled on start, on every relay (re)join,
// on pokes, on a timer and when the platform says it is back online. A poke or a relay restart
// reaches every device of the team at the same moment, so those pulls are spread over a window
// that grows with the team, and the timer's period is jittered. Failures back off with jitter;
// the relay is optional and sync stays correct without it.

import type { LiveSyncOptions } from '../api/options.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import { sign } from '../crypto/keys.ts'
import { toHex } from '../util/bytes.ts'
import type { EnvelopeFile } from '../format/envelope.ts'
import { encodeEnvelope } from '../format/envelope.ts'
import { RelayClient } from '../relay/relay-client.ts'
import { backoffDelay } from '../util/async.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'
import type { SyncReport } from '../api/sync-report.ts'
import type { RelayState } from '../api/workspace-status.ts'
import { receiveRelayEnvelope, type RelayEnvelopeContext } from './receive-relay-envelope.ts'
import { RelayMessageKind, unwrapRelayMessage, wrapRelayMessage } from './relay-messages.ts'

export interface LiveSyncStats {
  /** Held back until the next membership pull (a device that just joined). */
  relayWaiting: number
  relayApplied: number
  relayDuplicates: number
  relayRefused: number
}

/** Backoff between failed syncs: at least a second, then up to a minute, with full jitter. */
const RETRY_MIN_MS = 1000
const RETRY_CAP_MS = 60_000
/** Pulls everyone starts at once (a poke, a relay restart) wait a random part of 5 ms per device, at most 10 s. */
const SPREAD_PER_DEVICE_MS = 5
const SPREAD_CAP_MS = 10_000
/** Each timer period is the interval ±20%: devices started together drift apart. */
const PULL_JITTER = 0.2
/** A poke follows an upload: give storage a moment before reading. */
const POKE_DELAY_MS = 50

export type RelayOutcome = 'applied' | 'duplicate' | 'refused' | 'poke' | 'waiting' | 'ephemeral'

export interface LiveSyncEvents extends Record<string, unknown> {
  /** One relay message was fully handled. */
  relay: { outcome: RelayOutcome }
  /** An ephemeral message (presence/) from the room: never stored, authenticated only as "from the room". */
  ephemeral: { body: Uint8Array }
  /** This device (re)joined the workspace's relay room. */
  joined: Record<string, never>
  /** The relay connection's state, for the workspace's status (which this class never writes). */
  relayState: { state: RelayState }
}

/** The workspace events live sync follows. */
export interface LiveSyncHostEvents {
  change: { origin: 'local' | 'remote' }
  sealed: EnvelopeFile[]
  membership: unknown
}

/** What live sync uses of its workspace: its events, seal and sync, and the relay path's parts. */
export interface LiveSyncHost extends RelayEnvelopeContext {
  readonly config: { readonly relay?: string | undefined }
  on<K extends keyof LiveSyncHostEvents>(event: K, listener: (payload: LiveSyncHostEvents[K]) => void): Unsubscribe
  readonly attachments: { on(event: 'uploaded', listener: (payload: { blob: string }) => void): Unsubscribe }
  currentKeys(): EpochKeys
  seal(): Promise<readonly EnvelopeFile[]>
  sync(): Promise<SyncReport>
}

const STAT = {
  applied: 'relayApplied',
  duplicate: 'relayDuplicates',
  refused: 'relayRefused',
  waiting: 'relayWaiting',
} as const satisfies Record<Exclude<RelayOutcome, 'poke' | 'ephemeral'>, keyof LiveSyncStats>

export class LiveSync extends Emitter<LiveSyncEvents> {
  readonly stats: LiveSyncStats = { relayWaiting: 0, relayApplied: 0, relayDuplicates: 0, relayRefused: 0 }
  readonly #ws: LiveSyncHost
  readonly #options: Required<Omit<LiveSyncOptions, 'connect'>> & Pick<LiveSyncOptions, 'connect'>
  readonly #off: Unsubscribe[] = []
  #relay: RelayClient | undefined
  /** The epoch whose relay room this device is in. */
  #room: EpochKeys | undefined
  #sealTimer: ReturnType<typeof setTimeout> | undefined
  #syncTimer: ReturnType<typeof setTimeout> | undefined
  #syncAt = Infinity
  #pullTimer: ReturnType<typeof setTimeout> | undefined
  /** When the last seal started: a seal within sealDelayMs means edits are coming in a burst. */
  #lastSealAt = Number.NEGATIVE_INFINITY
  #running: Promise<void> | undefined
  #again = false
  #failures = 0
  /** After a failed sync, no trigger (edits, pokes, timers) syncs before this time. */
  #retryAt = 0
  #stopped = true
  /** Envelopes reached storage while the relay was away: poke peers once it is back. */
  #pokeOwed = false
  /** Relay envelopes from devices whose join this device has not pulled yet. */
  readonly #waiting: Uint8Array[] = []

  /** @internal Started by `WorkspaceApi.live()`. */
  constructor(workspace: LiveSyncHost, options: LiveSyncOptions = {}) {
    super()
    this.#ws = workspace
    this.#options = { pullIntervalMs: 30_000, sealDelayMs: 30, pushDelayMs: 250, ...options }
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    const ws = this.#ws
    this.#off.push(
      ws.on('change', ({ origin }) => {
        if (origin === 'local') this.#scheduleSeal()
      }),
      ws.on('sealed', (envelopes) => void this.#publishEnvelopes(envelopes)),
      // An attachment that finished uploading on its own (while it was sealed): tell the room.
      ws.attachments.on('uploaded', () => void this.#publish(RelayMessageKind.Poke, new Uint8Array(0))),
    )
    this.#schedulePull()
    // The platform says the network is back: worth trying at once, whatever the backoff said.
    const onOnline = (): void => {
      this.#retryAt = 0
      this.syncSoon()
    }
    globalThis.addEventListener?.('online', onOnline)
    this.#off.push(() => globalThis.removeEventListener?.('online', onOnline))
    this.#startRelay()
    this.#scheduleSeal()
    this.syncSoon()
  }

  #startRelay(): void {
    const { relay: url } = this.#ws.config
    if (!url || !this.#options.connect) {
      this.emit('relayState', { state: 'disabled' })
      return
    }
    const relay = new RelayClient({ url, connect: this.#options.connect })
    this.#relay = relay
    this.#joinCurrentRoom()
    this.emit('relayState', { state: 'connecting' })
    this.#off.push(
      // The room moves with the key epoch (a removed device cannot follow): tell the old room
      // to pull once the change is uploaded, then move.
      this.#ws.on('membership', () => this.syncSoon()),
      relay.on('status', (status) => {
        if (status.state !== 'open') this.emit('relayState', { state: status.state === 'connecting' ? 'connecting' : 'offline' })
      }),
      relay.on('joined', () => {
        this.emit('relayState', { state: 'connected' })
        this.emit('joined', {})
        this.syncSoon(this.#spread()) // catch up on whatever happened while away
      }),
      relay.on('message', ({ room, payload }) => void this.#onRelayPayload(room, payload)),
    )
  }

  #joinCurrentRoom(): void {
    const relay = this.#relay
    const keys = this.#ws.currentKeys()
    if (!relay || this.#room?.roomId === keys.roomId) return
    if (this.#room) relay.leave(this.#room.room.publicKey)
    this.#room = keys
    relay.join(keys.room.publicKey, (challenge) => sign(keys.room.privateKey, challenge))
  }

  /** The timer pulls while things are well; after failures the backoff decides when to retry. */
  #schedulePull(): void {
    const period = this.#options.pullIntervalMs * (1 - PULL_JITTER + 2 * PULL_JITTER * Math.random())
    this.#pullTimer = setTimeout(() => {
      if (this.#stopped) return
      if (this.#failures === 0) this.syncSoon()
      this.#schedulePull()
    }, period)
  }

  /** A random wait within the team's spread window. */
  #spread(): number {
    return Math.random() * Math.min(SPREAD_CAP_MS, SPREAD_PER_DEVICE_MS * this.#ws.parts.membership.state.devices.size)
  }

  /**
   * Syncs with storage after `delayMs` (coalesced with any sync already planned sooner), and
   * never before the backoff after a failure allows: offline means waiting, not a loop.
   */
  syncSoon(delayMs = 0): void {
    if (this.#stopped) return
    const at = Math.max(Date.now() + delayMs, this.#retryAt)
    if (this.#syncTimer !== undefined && at >= this.#syncAt) return
    clearTimeout(this.#syncTimer)
    this.#syncAt = at
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined
      this.#syncAt = Infinity
      void this.#runSync()
    }, at - Date.now())
  }

  async #runSync(): Promise<void> {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      try {
        const report = await this.#ws.sync()
        this.#failures = 0
        this.#retryAt = 0
        // A poke is the relay's only notice of attachments too: their content moves through storage.
        if (report.pushed.envelopes > 0 || report.membershipUploaded > 0 || report.attachmentsUploaded > 0) this.#pokeOwed = true
        if (this.#pokeOwed && this.#room && this.#room.id !== this.#ws.currentKeys().id) {
          await this.#publish(RelayMessageKind.Poke, new Uint8Array(0)) // the old room hears of the move
        }
        this.#joinCurrentRoom()
        // A sync follows every relay (re)join, so an owed poke goes out as soon as it can.
        if (this.#pokeOwed) this.#pokeOwed = !(await this.#publish(RelayMessageKind.Poke, new Uint8Array(0)))
        for (const bytes of this.#waiting.splice(0)) await this.#receive(bytes, false)
      } catch {
        // The workspace status carries the error; retry later with jittered backoff.
        this.#failures++
        this.#retryAt = Date.now() + RETRY_MIN_MS + backoffDelay(this.#failures, RETRY_MIN_MS, RETRY_CAP_MS)
        this.syncSoon()
      }
    })()
    await this.#running
    this.#running = undefined
    if (this.#again && !this.#stopped) {
      this.#again = false
      this.syncSoon()
    }
  }

  #scheduleSeal(): void {
    if (this.#sealTimer !== undefined || this.#stopped) return
    // Idle: right after the current task (its edits share an envelope). Busy: wait, so a burst
    // of edits shares one envelope, one signature and one relay frame.
    const busy = Date.now() - this.#lastSealAt < this.#options.sealDelayMs
    this.#sealTimer = setTimeout(async () => {
      this.#sealTimer = undefined
      this.#lastSealAt = Date.now()
      try {
        const sealed = await this.#ws.seal()
        if (sealed.length > 0) this.syncSoon(this.#options.pushDelayMs)
      } catch {
        this.syncSoon(1000)
      }
    }, busy ? this.#options.sealDelayMs : 0)
  }

  async #publishEnvelopes(envelopes: EnvelopeFile[]): Promise<void> {
    for (const envelope of envelopes) await this.#publish(RelayMessageKind.Envelope, encodeEnvelope(envelope))
  }

  /** False when there is no joined relay to send through. */
  async #publish(kind: RelayMessageKind, body: Uint8Array): Promise<boolean> {
    const relay = this.#relay
    if (!relay) return false
    const keys = this.#room
    if (!keys || !relay.isJoined(keys.room.publicKey)) return false
    relay.publish(keys.room.publicKey, await wrapRelayMessage(keys, { kind, body }))
    return true
  }

  /** Sends an ephemeral message to whoever is in the room now; false when no relay is joined. */
  sendEphemeral(body: Uint8Array): Promise<boolean> {
    return this.#publish(RelayMessageKind.Ephemeral, body)
  }

  async #onRelayPayload(room: Uint8Array, payload: Uint8Array): Promise<void> {
    const keys = this.#room
    const message = keys && toHex(room) === keys.roomId ? await unwrapRelayMessage(keys, payload) : undefined
    if (!message) {
      this.stats.relayRefused++
      this.emit('relay', { outcome: 'refused' })
      return
    }
    if (message.kind === RelayMessageKind.Ephemeral) {
      this.emit('ephemeral', { body: message.body })
      this.emit('relay', { outcome: 'ephemeral' })
      return
    }
    if (message.kind === RelayMessageKind.Poke) {
      this.syncSoon(POKE_DELAY_MS + this.#spread())
      this.emit('relay', { outcome: 'poke' })
      return
    }
    await this.#receive(message.body, true)
  }

  async #receive(bytes: Uint8Array, firstTime: boolean): Promise<void> {
    const outcome = await this.#classify(bytes, firstTime)
    this.stats[STAT[outcome]]++
    this.emit('relay', { outcome })
  }

  async #classify(bytes: Uint8Array, firstTime: boolean): Promise<Exclude<RelayOutcome, 'poke' | 'ephemeral'>> {
    const outcome = await receiveRelayEnvelope(this.#ws, bytes)
    switch (outcome) {
      case 'ahead':
        this.syncSoon() // storage brings it, and what comes before it, in order
        return 'waiting'
      case 'held':
        this.syncSoon() // what it depends on is in storage, or will be
        return 'waiting'
      case 'unknown-device':
        // Maybe a device that just joined: retry once after the next membership pull.
        if (firstTime && this.#waiting.length < 64) {
          this.#waiting.push(bytes)
          this.syncSoon()
          return 'waiting'
        }
        return 'refused'
      default:
        return outcome
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#sealTimer)
    clearTimeout(this.#syncTimer)
    clearTimeout(this.#pullTimer)
    this.#sealTimer = this.#syncTimer = this.#pullTimer = undefined
    for (const off of this.#off.splice(0)) off()
    this.#relay?.close()
    this.#relay = undefined
    this.#room = undefined
    await this.#running
    await this.#ws.seal().catch(() => [])
  }
}
