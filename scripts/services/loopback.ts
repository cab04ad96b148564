// Plumbing for test servers on 127.0.0.1: listen on a port the OS picks, stop for good
// (kept-alive sockets included), and find a port nothing listens on.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Listening {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** Closes the server and every open connection (SDK clients keep sockets alive). */
  stop(): Promise<void>
}

export async function listenOnLoopback(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** A port that nothing listens on (the OS just handed it out and took it back). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
