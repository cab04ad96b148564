// What a RelayClient reports. Server refusals and hostile input arrive as `error` events with
// a code the app can act on; nothing the server sends can make the client throw.

import { ErrorCode } from '@clientful/relay-protocol'

export type RelayStatus =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'open' }
  /** `reconnectInMs` is undefined once the client was closed for good. */
  | { readonly state: 'closed'; readonly code: number; readonly reason: string; readonly reconnectInMs: number | undefined }

export type RelayErrorCode =
  // refusals sent by the relay
  | 'bad-frame'
  | 'join-refused'
  | 'not-joined'
  | 'rate-limited'
  | 'room-full'
  | 'too-many-rooms'
  | 'unknown'
  // detected by the client
  | 'bad-server-frame'
  | 'protocol-version'
  | 'sign-failed'
  | 'hello-timeout'

export interface RelayError {
  readonly code: RelayErrorCode
  readonly detail: string
  /** The room concerned, when there is one. */
  readonly room: Uint8Array | undefined
}

export type RelayClientEvents = {
  status: RelayStatus
  joined: Uint8Array
  message: { readonly room: Uint8Array; readonly payload: Uint8Array }
  error: RelayError
}

const SERVER_ERROR_CODES: Readonly<Record<number, RelayErrorCode>> = {
  [ErrorCode.BadFrame]: 'bad-frame',
  [ErrorCode.JoinRefused]: 'join-refused',
  [ErrorCode.NotJoined]: 'not-joined',
  [ErrorCode.RateLimited]: 'rate-limited',
  [ErrorCode.RoomFull]: 'room-full',
  [ErrorCode.TooManyRooms]: 'too-many-rooms',
}

export function relayErrorCodeOf(code: number): RelayErrorCode {
  return SERVER_ERROR_CODES[code] ?? 'unknown'
}
