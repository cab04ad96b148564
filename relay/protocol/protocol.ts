// The relay wire protocol (version 1), shared by the relay server and the Clientful client.
// Every frame is one binary WebSocket message whose first byte is its type. Rooms are
// 32-byte Ed25519 public keys; joining a room proves possession of its private key by
// signing the connection's random nonce. The relay never sees anything but room ids,
// payload sizes and timing: payloads are ciphertext made by the clients.

export const PROTOCOL_VERSION = 1
export const ROOM_BYTES = 32
export const NONCE_BYTES = 32
export const SIGNATURE_BYTES = 64

export const FrameType = {
  /** server → client: [type][version u8][nonce 32] — sent once on connect */
  Hello: 0x01,
  /** client → server: [type][room 32][signature 64] */
  Join: 0x02,
  /** server → client: [type][room 32] */
  Joined: 0x03,
  /** client → server: [type][room 32] */
  Leave: 0x04,
  /** client → server: [type][room 32][payload] */
  Publish: 0x05,
  /** server → client: [type][room 32][payload] — a payload another member published */
  Deliver: 0x06,
  /** server → client: [type][code u8][room 32 (zeros when none)][utf-8 detail] */
  Error: 0x07,
} as const
export type FrameType = (typeof FrameType)[keyof typeof FrameType]

export const ErrorCode = {
  BadFrame: 1,
  JoinRefused: 2,
  NotJoined: 3,
  RateLimited: 4,
  RoomFull: 5,
  TooManyRooms: 6,
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** WebSocket close codes the relay uses. */
export const CloseCode = {
  /** RFC 6455: a frame over the relay's size limit */
  TooBig: 1009,
  /** RFC 6455: policy violation (rate limit exceeded repeatedly, malformed traffic) */
  Policy: 1008,
  /** IANA registry: try again later (relay full, or this client could not keep up) */
  TryAgainLater: 1013,
  /** RFC 6455: server going away (shutdown) */
  GoingAway: 1001,
  /** IANA registry: service restart — this relay is draining; reconnect (to another node) soon */
  ServiceRestart: 1012,
} as const

export type Frame =
  | { type: typeof FrameType.Hello; version: number; nonce: Uint8Array }
  | { type: typeof FrameType.Join; room: Uint8Array; signature: Uint8Array }
  | { type: typeof FrameType.Joined; room: Uint8Array }
  | { type: typeof FrameType.Leave; room: Uint8Array }
  | { type: typeof FrameType.Publish; room: Uint8Array; payload: Uint8Array }
  | { type: typeof FrameType.Deliver; room: Uint8Array; payload: Uint8Array }
  | { type: typeof FrameType.Error; code: number; room: Uint8Array; detail: string }

const JOIN_DOMAIN = new TextEncoder().encode('clientful/v1/relay-join\n')

/** The bytes a client signs with the room key to join: domain ‖ nonce ‖ room. */
export function joinChallenge(nonce: Uint8Array, room: Uint8Array): Uint8Array<ArrayBuffer> {
  // Fixed lengths keep the challenge unambiguous: a longer nonce must not spill into the room.
  if (nonce.length !== NONCE_BYTES) throw new TypeError('nonce must be 32 bytes')
  if (room.length !== ROOM_BYTES) throw new TypeError('room must be 32 bytes')
  const out = new Uint8Array(JOIN_DOMAIN.length + NONCE_BYTES + ROOM_BYTES)
  out.set(JOIN_DOMAIN, 0)
  out.set(nonce, JOIN_DOMAIN.length)
  out.set(room, JOIN_DOMAIN.length + NONCE_BYTES)
  return out
}

function withRoom(type: number, room: Uint8Array, tail: Uint8Array): Uint8Array<ArrayBuffer> {
  if (room.length !== ROOM_BYTES) throw new TypeError('room must be 32 bytes')
  const out = new Uint8Array(1 + ROOM_BYTES + tail.length)
  out[0] = type
  out.set(room, 1)
  out.set(tail, 1 + ROOM_BYTES)
  return out
}

export function encodeFrame(frame: Frame): Uint8Array<ArrayBuffer> {
  switch (frame.type) {
    case FrameType.Hello: {
      if (frame.nonce.length !== NONCE_BYTES) throw new TypeError('nonce must be 32 bytes')
      const out = new Uint8Array(2 + NONCE_BYTES)
      out[0] = FrameType.Hello
      out[1] = frame.version
      out.set(frame.nonce, 2)
      return out
    }
    case FrameType.Join:
      if (frame.signature.length !== SIGNATURE_BYTES) throw new TypeError('signature must be 64 bytes')
      return withRoom(frame.type, frame.room, frame.signature)
    case FrameType.Joined:
    case FrameType.Leave:
      return withRoom(frame.type, frame.room, new Uint8Array(0))
    case FrameType.Publish:
    case FrameType.Deliver:
      return withRoom(frame.type, frame.room, frame.payload)
    case FrameType.Error: {
      if (frame.room.length !== ROOM_BYTES) throw new TypeError('room must be 32 bytes')
      const detail = new TextEncoder().encode(frame.detail)
      const out = new Uint8Array(2 + ROOM_BYTES + detail.length)
      out[0] = FrameType.Error
      out[1] = frame.code
      out.set(frame.room, 2)
      out.set(detail, 2 + ROOM_BYTES)
      return out
    }
  }
}

/** Undefined for anything malformed: unknown type, wrong length. Never throws. */
export function decodeFrame(data: Uint8Array): Frame | undefined {
  if (data.length === 0) return undefined
  const type = data[0]
  // Copies, not views: on a Node Buffer `slice` shares memory, so copy explicitly.
  const copy = (start: number, end?: number): Uint8Array<ArrayBuffer> => new Uint8Array(data.subarray(start, end))
  const room = (): Uint8Array<ArrayBuffer> => copy(1, 1 + ROOM_BYTES)
  switch (type) {
    case FrameType.Hello:
      if (data.length !== 2 + NONCE_BYTES) return undefined
      return { type, version: data[1]!, nonce: copy(2) }
    case FrameType.Join:
      if (data.length !== 1 + ROOM_BYTES + SIGNATURE_BYTES) return undefined
      return { type, room: room(), signature: copy(1 + ROOM_BYTES) }
    case FrameType.Joined:
    case FrameType.Leave:
      if (data.length !== 1 + ROOM_BYTES) return undefined
      return { type, room: room() }
    case FrameType.Publish:
    case FrameType.Deliver:
      if (data.length < 1 + ROOM_BYTES) return undefined
      return { type, room: room(), payload: data.subarray(1 + ROOM_BYTES) }
    case FrameType.Error: {
      if (data.length < 2 + ROOM_BYTES) return undefined
      let detail: string
      try {
        detail = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(2 + ROOM_BYTES))
      } catch {
        return undefined
      }
      return { type, code: data[1]!, room: copy(2, 2 + ROOM_BYTES), detail }
    }
    default:
      return undefined
  }
}

export function roomToHex(room: Uint8Array): string {
  let out = ''
  for (const byte of room) out += byte.toString(16).padStart(2, '0')
  return out
}
