// The slice of the WebSocket API the relay client uses (api/websocket-like.ts: the app passes a
// factory), and the one constant of it the client reads.

export type { WebSocketFactory, WebSocketLike } from '../api/websocket-like.ts'

/** WebSocket.OPEN, without referring to a global that Node 20 lacks. */
export const WEBSOCKET_OPEN = 1
