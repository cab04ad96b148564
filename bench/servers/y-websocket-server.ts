// What Yjs users deploy: y-websocket's own connection handler (`setupWSConnection`, the same
// code its `y-websocket` server binary runs), without persistence. Every update a client sends
// is applied to the server's copy of the document and broadcast to every connection on it.

import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

type SetupWSConnection = (ws: WebSocket, request: unknown) => void
const { setupWSConnection } = createRequire(import.meta.url)('y-websocket/bin/utils') as { setupWSConnection: SetupWSConnection }

const wss = new WebSocketServer({ noServer: true })
const http = createServer((_request, response) => response.writeHead(426).end())
http.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request)))
http.listen(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${(http.address() as AddressInfo).port}`))
