// Node 20 has no global WebSocket; `ws` provides the same API for the relay client.

import { WebSocket } from 'ws'
import type { WebSocketFactory, WebSocketLike } from '../../api/websocket-like.ts'

export const nodeWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike
