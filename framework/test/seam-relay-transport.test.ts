// The relay transport seam's suite on Node's implementation (`ws`, nodeWebSocket) against a
// real echo server. The browser's WebSocket runs it in Chromium: e2e/seam-conformance.spec.ts.

import { afterAll, beforeAll, describe, it } from 'vitest'
import { nodeWebSocket } from '../src/platform/node/websocket.ts'
import { startEchoServer, type RunningEchoServer } from '../src/testing/node/echo-server.ts'
import { relayTransportConformanceCases } from '../src/testing/relay-transport-conformance.ts'

describe('nodeWebSocket (ws)', () => {
  let echo: RunningEchoServer
  beforeAll(async () => {
    echo = await startEchoServer()
  })
  afterAll(() => echo?.close())

  for (const c of relayTransportConformanceCases()) {
    it(c.name, () => c.run({ connect: nodeWebSocket, echoUrl: echo.url, refusedUrl: echo.refusedUrl }))
  }
})
