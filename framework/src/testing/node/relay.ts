// An in-process relay (@clientful/relay, an optional peer dependency of clientful) for tests and
// local development: listens on a free port unless told otherwise.

import { createRelayServer, type RelayOptions, type RelayServer } from '@clientful/relay'

export interface RunningRelay {
  readonly url: string
  readonly port: number
  /** The server itself, for stats() in tests. */
  readonly server: RelayServer
  close(): Promise<void>
}

export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
  const server = await createRelayServer({ port: 0, host: '127.0.0.1', ...options })
  return { url: server.url, port: server.port, server, close: () => server.close() }
}
