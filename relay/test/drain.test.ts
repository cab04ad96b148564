// Drain: the relay command, sent SIGTERM or SIGINT, stops accepting, tells every client to
// reconnect elsewhere with 1012 at a random moment within --drain-ms, and exits 0.

import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CloseCode, FrameType } from '@clientful/relay-protocol'
import { bytes, createRoomKey, relayHarness, TestClient, withGuard } from './helpers.ts'
import { startRelayCli } from './relay-cli.ts'

const { relay, client, onCleanup } = relayHarness()

describe('drain', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: every client gets 1012 spread over the drain window, and the process exits 0`, async () => {
      const cli = await startRelayCli(['--port', '0', '--drain-ms', '600'])
      onCleanup(() => cli.kill())
      const key = await createRoomKey()
      const clients = await Promise.all(Array.from({ length: 20 }, () => TestClient.connect(cli.url)))
      onCleanup(() => clients.forEach((c) => c.close()))
      for (const c of clients) await c.join(key)

      const closedAt = clients.map((c) => c.closed.then((close) => ({ ...close, at: performance.now() })))
      const signalled = performance.now()
      cli.child.kill(signal)
      const closes = await withGuard(Promise.all(closedAt), 'every client to be told')
      expect(closes.map((c) => c.code)).toEqual(new Array(20).fill(CloseCode.ServiceRestart))
      expect(closes[0]!.reason).toMatch(/reconnect/)
      const times = closes.map((c) => c.at - signalled)
      // Spread, not all at once: 20 uniform draws in 600 ms span far more than 50 ms.
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(50)
      expect(Math.max(...times)).toBeLessThan(600 + 2_000)

      expect(await withGuard(cli.exited, 'the exit')).toBe(0)
      const events = cli.logs.map((l) => l.event)
      expect(events).toContain('draining')
      expect(events.at(-1)).toBe('closed')
    })
  }

  it('stops accepting at once, while the clients already connected keep working until told', async () => {
    const server = await relay({ drainMs: 60_000 })
    const key = await createRoomKey()
    const [a, b] = [await client(server), await client(server)]
    await a.join(key)
    await b.join(key)
    const drained = server.drain()
    const refused = new WebSocket(server.url)
    onCleanup(() => refused.terminate())
    const error = await withGuard(new Promise<Error>((resolve) => refused.once('error', resolve)), 'the refusal')
    expect(error.message).toMatch(/ECONNREFUSED/)
    // Unless its random moment came already, a still works meanwhile.
    if (server.stats().connections === 2) {
      await a.publish(key.room, bytes('still here'))
      expect((await b.next(FrameType.Deliver)).payload).toEqual(bytes('still here'))
    }
    await server.close() // hurries the drain: everyone not told yet is told now
    await drained
    expect((await a.closed).code).toBe(CloseCode.ServiceRestart)
  })
})
