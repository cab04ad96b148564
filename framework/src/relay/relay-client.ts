// The framework's side of the relay: any number of rooms over one reconnecting connection.
// It remembers the rooms it was asked to join and joins them again after every reconnect.
// The relay is only a fast path (sync is correct through storage alone), so failures here
// are events, never exceptions; misuse of the API throws at the boundary.

import { ErrorCode, FrameType, joinChallenge, ROOM_BYTES, roomToHex, SIGNATURE_BYTES, type Frame } from '@clientful/relay-protocol'
import { errorMessage, invalidArgument } from '../util/errors.ts'
import { Emitter } from '../util/events.ts'
import { ReconnectingSocket, type ReconnectingSocketOptions } from './reconnecting-socket.ts'
import { relayErrorCodeOf, type RelayClientEvents, type RelayErrorCode, type RelayStatus } from './relay-events.ts'

/** Signs a join challenge with the room's Ed25519 private key; returns the 64-byte signature. */
export type SignJoin = (challenge: Uint8Array) => Promise<Uint8Array>

export interface RelayClientOptions extends ReconnectingSocketOptions {
  /** The relay's frame limit: publish() refuses larger payloads instead of being disconnected. Default 2 MiB. */
  readonly maxFrameBytes?: number
}

interface RoomEntry {
  readonly room: Uint8Array
  sign: SignJoin
  joined: boolean
}

const FRAME_OVERHEAD = 1 + ROOM_BYTES

export class RelayClient extends Emitter<RelayClientEvents> {
  readonly #rooms = new Map<string, RoomEntry>()
  readonly #socket: ReconnectingSocket
  readonly #maxPayloadBytes: number
  #state: RelayStatus['state'] = 'connecting'

  constructor(options: RelayClientOptions) {
    super()
    if (typeof options.url !== 'string' || !/^wss?:\/\//.test(options.url)) throw invalidArgument('url', 'a ws:// or wss:// URL')
    if (typeof options.connect !== 'function') throw invalidArgument('connect', 'a function (url) => WebSocket')
    this.#maxPayloadBytes = (options.maxFrameBytes ?? 2 * 1024 * 1024) - FRAME_OVERHEAD
    this.#socket = new ReconnectingSocket(options, {
      onOpen: () => {
        for (const [key, entry] of this.#rooms) void this.#sendJoin(key, entry)
      },
      onFrame: (frame) => this.#onFrame(frame),
      onLost: () => {
        for (const entry of this.#rooms.values()) entry.joined = false
      },
      onStatus: (status) => {
        this.#state = status.state
        this.emit('status', status)
      },
      onError: (code, detail) => this.#emitError(code, detail, undefined),
    })
  }

  get state(): RelayStatus['state'] {
    return this.#state
  }

  /** Joins the room now if connected, and again after every reconnect until leave(). */
  join(room: Uint8Array, signJoin: SignJoin): void {
    assertRoom(room)
    if (typeof signJoin !== 'function') throw invalidArgument('signJoin', 'a function (challenge) => Promise<signature>')
    const key = roomToHex(room)
    let entry = this.#rooms.get(key)
    if (entry) entry.sign = signJoin
    else this.#rooms.set(key, (entry = { room: new Uint8Array(room), sign: signJoin, joined: false }))
    if (!entry.joined) void this.#sendJoin(key, entry)
  }

  leave(room: Uint8Array): void {
    assertRoom(room)
    const key = roomToHex(room)
    const entry = this.#rooms.get(key)
    if (!entry) return
    this.#rooms.delete(key)
    this.#socket.send({ type: FrameType.Leave, room: entry.room })
  }

  isJoined(room: Uint8Array): boolean {
    assertRoom(room)
    return this.#rooms.get(roomToHex(room))?.joined ?? false
  }

  /** False when not connected, not (yet) joined, or the payload exceeds the relay's frame limit. */
  publish(room: Uint8Array, payload: Uint8Array): boolean {
    assertRoom(room)
    if (!(payload instanceof Uint8Array)) throw invalidArgument('payload', 'a Uint8Array')
    const entry = this.#rooms.get(roomToHex(room))
    if (!entry?.joined || payload.length > this.#maxPayloadBytes) return false
    return this.#socket.send({ type: FrameType.Publish, room: entry.room, payload })
  }

  /** Disconnects for good; the client cannot be reopened. */
  close(): void {
    this.#socket.close()
  }

  #onFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Joined: {
        const entry = this.#rooms.get(roomToHex(frame.room))
        // Joined for a room left meanwhile: tell the relay we are not there.
        if (!entry) return void this.#socket.send({ type: FrameType.Leave, room: frame.room })
        if (entry.joined) return
        entry.joined = true
        return this.emit('joined', entry.room)
      }
      case FrameType.Deliver: {
        const entry = this.#rooms.get(roomToHex(frame.room))
        if (entry?.joined) this.emit('message', { room: entry.room, payload: frame.payload })
        return
      }
      case FrameType.Error: {
        const entry = this.#rooms.get(roomToHex(frame.room))
        if (entry && (frame.code === ErrorCode.NotJoined || frame.code === ErrorCode.JoinRefused || frame.code === ErrorCode.RoomFull)) {
          entry.joined = false
        }
        return this.#emitError(relayErrorCodeOf(frame.code), frame.detail, entry?.room)
      }
      default:
        return this.#emitError('bad-server-frame', 'a client-to-relay frame came from the relay', undefined)
    }
  }

  async #sendJoin(key: string, entry: RoomEntry): Promise<void> {
    const nonce = this.#socket.nonce
    const generation = this.#socket.generation
    if (!nonce) return // sent once the relay says Hello
    let signature: Uint8Array
    try {
      signature = await entry.sign(joinChallenge(nonce, entry.room))
    } catch (error) {
      return this.#emitError('sign-failed', errorMessage(error), entry.room)
    }
    // The connection or the room may have changed while signing.
    if (generation !== this.#socket.generation || this.#rooms.get(key) !== entry || entry.joined) return
    if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) {
      return this.#emitError('sign-failed', 'signJoin must return a 64-byte Ed25519 signature', entry.room)
    }
    this.#socket.send({ type: FrameType.Join, room: entry.room, signature })
  }

  #emitError(code: RelayErrorCode, detail: string, room: Uint8Array | undefined): void {
    this.emit('error', { code, detail, room })
  }
}

function assertRoom(room: Uint8Array): void {
  if (!(room instanceof Uint8Array) || room.length !== ROOM_BYTES) {
    throw invalidArgument('room', 'a 32-byte Uint8Array (an Ed25519 public key)')
  }
}
