// A WebSocket echo server on a free loopback port, for the relay transport conformance suite:
// binary messages come back as sent; the text "close:<code>:<reason>" makes it close that way.

import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'

export interface RunningEchoServer {
  readonly url: string
  /** A ws:// URL on which nothing listens (a port this server held, now free). */
  readonly refusedUrl: string
  close(): Promise<void>
}

async function listen(): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 16 * 1024 * 1024 })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  return server
}

const closeServer = (server: WebSocketServer) =>
  new Promise<void>((resolve) => {
    for (const client of server.clients) client.terminate()
    server.close(() => resolve())
  })

export async function startEchoServer(): Promise<RunningEchoServer> {
  const server = await listen()
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.send(data, { binary: true })
      const [, code, reason] = /^close:(\d+):(.*)$/s.exec(data.toString()) ?? []
      if (code) socket.close(Number(code), reason)
    })
  })
  // A port that was just free and is free again: connections to it are refused.
  const spare = await listen()
  const sparePort = (spare.address() as AddressInfo).port
  await closeServer(spare)
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refusedUrl: `ws://127.0.0.1:${sparePort}`,
    close: () => closeServer(server),
  }
}
