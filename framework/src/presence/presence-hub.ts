// One workspace's presence on the device that runs its engine: it announces this device (what
// the app shows) through the relay room every few seconds and when asked, keeps the devices
// it hears from, and forgets each one when it says it leaves or falls silent. Nothing is
// stored; without a relay nobody is present.

import type { PrivateKey } from '../crypto/keys.ts'
import { randomBytes } from '../crypto/primitives.ts'
import { isCurrentDevice, type MembershipState } from '../membership/state.ts'
import type { LiveSync } from '../sync/live-sync.ts'
import { toHex, utf8Encode } from '../util/bytes.ts'
import { invalidArgument } from '../util/errors.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'
import { MAX_PRESENCE_STATE_BYTES, PRESENCE_HEARTBEAT_MS, PRESENCE_TTL_MS } from './presence.ts'
import type { Presence } from '../api/presence.ts'
import { decodePresence, encodePresence, type PresenceMessage } from './presence-message.ts'

/** A message dated further than this from our clock is refused (a replayed frame, or a badly set clock). */
const MAX_CLOCK_SKEW_MS = 60_000
const ANSWER_DELAY_MS = 150

export interface PresenceHubDeps {
  readonly ws: string
  readonly deviceId: string
  readonly userId: () => string | undefined
  readonly signer: PrivateKey
  readonly membership: () => MembershipState
  readonly now: () => number
}

export interface PresenceHubEvents extends Record<string, unknown> {
  /** The devices present changed (this device not included). */
  presence: readonly Presence[]
}

interface Peer extends Presence {
  readonly session: string
  readonly seq: number
}

export class PresenceHub extends Emitter<PresenceHubEvents> {
  readonly #deps: PresenceHubDeps
  readonly #session = toHex(randomBytes(8))
  readonly #peers = new Map<string, Peer>()
  #seq = 0
  /** The newest message heard from each device (current devices only: checked before). */
  readonly #heard = new Map<string, { readonly session: string; readonly seq: number; readonly at: number }>()
  #received: Promise<void> = Promise.resolve()
  #state: unknown = null
  #list: readonly Presence[] = []
  #live: { readonly live: LiveSync; readonly off: Unsubscribe[] } | undefined
  #answer: ReturnType<typeof setTimeout> | undefined

  constructor(deps: PresenceHubDeps) {
    super()
    this.#deps = deps
  }

  /** Other devices present now, the longest-known first. */
  get list(): readonly Presence[] {
    return this.#list
  }

  /** What this device shows (app-defined JSON); announced at once when live. */
  set(state: unknown): void {
    const json = JSON.stringify(state ?? null)
    if (json === undefined || utf8Encode(json).length > MAX_PRESENCE_STATE_BYTES) throw invalidArgument('presence state', `JSON of at most ${MAX_PRESENCE_STATE_BYTES} bytes`)
    this.#state = JSON.parse(json)
    void this.#announce({})
  }

  /** Rides on a live session's relay room until `detach` (or the next attach). */
  attach(live: LiveSync): Unsubscribe {
    this.detach()
    const heartbeat = setInterval(() => {
      this.#expire()
      void this.#announce({})
    }, PRESENCE_HEARTBEAT_MS)
    unref(heartbeat)
    const sweep = setInterval(() => this.#expire(), 1_000)
    unref(sweep)
    this.#live = {
      live,
      off: [
        // One at a time, in the order the room delivered them: which message is newer is decided
        // against what was heard before it.
        live.on('ephemeral', ({ body }) => {
          this.#received = this.#received.then(() => this.#receive(body)).catch(() => undefined)
        }),
        live.on('joined', () => void this.#announce({ ask: true })),
        () => clearInterval(heartbeat),
        () => clearInterval(sweep),
      ],
    }
    void this.#announce({ ask: true })
    return () => this.detach()
  }

  /** Says goodbye (best effort) and forgets everyone. */
  detach(): void {
    const current = this.#live
    if (!current) return
    void this.#announce({ leave: true })
    this.#live = undefined
    for (const off of current.off) off()
    clearTimeout(this.#answer)
    this.#peers.clear()
    this.#publishList()
  }

  async #announce(flags: Pick<PresenceMessage, 'ask' | 'leave'>): Promise<void> {
    const live = this.#live?.live
    const user = this.#deps.userId()
    if (!live || user === undefined) return
    const { ws, deviceId, signer, now } = this.#deps
    const body = await encodePresence({ ws, device: deviceId, user, session: this.#session, seq: ++this.#seq, at: now(), state: this.#state, ...flags }, signer)
    await live.sendEphemeral(body).catch(() => false)
  }

  async #receive(body: Uint8Array): Promise<void> {
    const message = await decodePresence(body, this.#deps.ws)
    if (!message || message.device === this.#deps.deviceId) return
    const membership = this.#deps.membership()
    // Only a current device of the member it names may be present.
    if (!isCurrentDevice(membership, message.device) || membership.devices.get(message.device)?.record.user !== message.user) return
    const now = this.#deps.now()
    if (Math.abs(message.at - now) > MAX_CLOCK_SKEW_MS) return
    // Older than the newest heard from that device, in any session (it may have left since): a
    // replay, or out of order. Kept after a device leaves, so its earlier frames cannot bring it back.
    const last = this.#heard.get(message.device)
    if (last && (message.at < last.at || (last.session === message.session && message.seq <= last.seq))) return
    this.#heard.set(message.device, { session: message.session, seq: message.seq, at: message.at })
    const known = this.#peers.get(message.device)
    if (message.leave) {
      if (this.#peers.delete(message.device)) this.#publishList()
      return
    }
    this.#peers.set(message.device, { deviceId: message.device, userId: message.user, state: message.state, lastSeen: now, session: message.session, seq: message.seq })
    if (!known || JSON.stringify(known.state) !== JSON.stringify(message.state)) this.#publishList()
    if (message.ask) this.#answerSoon()
  }

  /** Someone arrived and asked: answer once, shortly (several arrivals share one answer). */
  #answerSoon(): void {
    if (this.#answer !== undefined) return
    this.#answer = setTimeout(() => {
      this.#answer = undefined
      void this.#announce({})
    }, ANSWER_DELAY_MS + Math.random() * ANSWER_DELAY_MS)
  }

  #expire(): void {
    const cutoff = this.#deps.now() - PRESENCE_TTL_MS
    let changed = false
    for (const [device, peer] of this.#peers) {
      if (peer.lastSeen < cutoff || !isCurrentDevice(this.#deps.membership(), device)) {
        this.#peers.delete(device)
        changed = true
      }
    }
    if (changed) this.#publishList()
  }

  #publishList(): void {
    this.#list = [...this.#peers.values()].map(({ deviceId, userId, state, lastSeen }) => ({ deviceId, userId, state, lastSeen }))
    this.emit('presence', this.#list)
  }
}

/** Node: timers must not keep a CLI process alive. */
function unref(timer: ReturnType<typeof setInterval>): void {
  ;(timer as { unref?: () => void }).unref?.()
}
