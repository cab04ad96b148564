// Several servers behind one address, for tests and benches of a relay fleet: a TCP balancer
// on loopback that hands each new connection to the next backend in turn (round robin), and
// to the one after when a backend refuses (a node that died), as HAProxy with health checks
// would. Connections already open stay with their backend and end with it.

import { createConnection, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface Backend {
  readonly host: string
  readonly port: number
}

export interface TcpBalancer {
  readonly host: string
  readonly port: number
  /** Open connections per backend, in the order given. */
  connections(): number[]
  stop(): Promise<void>
}

export async function startTcpBalancer(backends: readonly Backend[]): Promise<TcpBalancer> {
  if (backends.length === 0) throw new Error('a balancer needs at least one backend')
  const open = backends.map(() => new Set<Socket>())
  const clients = new Set<Socket>()
  let next = 0

  /** Tries each backend once, starting at the next in turn; undefined when none answers. */
  const connectUpstream = async (): Promise<{ socket: Socket; index: number } | undefined> => {
    for (let tried = 0; tried < backends.length; tried++) {
      const index = next++ % backends.length
      const { host, port } = backends[index]!
      const socket = await new Promise<Socket | undefined>((resolve) => {
        const upstream = createConnection({ host, port })
        upstream.once('connect', () => resolve(upstream))
        upstream.once('error', () => resolve(undefined))
      })
      if (socket) return { socket, index }
    }
    return undefined
  }

  const server = createServer((client) => {
    clients.add(client)
    client.pause() // hold what the client sends until the backend is there
    client.on('error', () => client.destroy())
    client.once('close', () => clients.delete(client))
    void connectUpstream().then((upstream) => {
      if (!upstream || client.destroyed) {
        upstream?.socket.destroy()
        client.destroy()
        return
      }
      const { socket, index } = upstream
      open[index]!.add(socket)
      socket.on('error', () => socket.destroy())
      socket.once('close', () => {
        open[index]!.delete(socket)
        client.destroy()
      })
      client.once('close', () => socket.destroy())
      client.pipe(socket)
      socket.pipe(client)
      client.resume()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: '127.0.0.1',
    port,
    connections: () => open.map((set) => set.size),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of [...clients, ...open.flatMap((set) => [...set])]) socket.destroy()
      }),
  }
}
