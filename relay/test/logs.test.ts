// JSON logs: lifecycle, refusals and slow consumers, with counts and pseudonyms, never a
// payload, a room id or a client address.

import { describe, expect, it } from 'vitest'
import { pino } from 'pino'
import { WebSocket } from 'ws'
import { FrameType, roomToHex } from '@clientful/relay-protocol'
import { createRelayServer, type RelayOptions } from '../src/index.ts'
import { createPseudonymizer } from '../src/pseudonym.ts'
import { bytes, createRoomKey, relayHarness, TestClient, withGuard } from './helpers.ts'

const { onCleanup } = relayHarness()

/** A relay whose pino logger writes into an array. */
async function loggedRelay(options: RelayOptions): Promise<{ url: string; lines: Record<string, unknown>[]; raw: string[]; close(): Promise<void> }> {
  const raw: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void raw.push(line) })
  const server = await createRelayServer({ port: 0, ...options, logger })
  onCleanup(() => server.close())
  return {
    url: server.url,
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    close: () => server.close(),
  }
}

function refusedUpgrade(url: string, forwardedFor: string): Promise<void> {
  const ws = new WebSocket(url, { headers: { 'x-forwarded-for': forwardedFor } })
  onCleanup(() => ws.terminate())
  return withGuard(new Promise((resolve) => ws.once('error', () => resolve())), 'the refusal')
}

describe('JSON logs', () => {
  it('say what happened with counts and pseudonyms, and never a payload, room id or address', async () => {
    const relay = await loggedRelay({ trustedProxies: 1, maxConnectionsPerIp: 2, maxBadFrames: 1 })
    const key = await createRoomKey()
    const member = await TestClient.connect(relay.url)
    onCleanup(() => member.close())
    const other = await TestClient.connect(relay.url)
    onCleanup(() => other.close())
    await member.join(key)
    await other.join(key)

    // 127.0.0.1 is the address of every test client: to see that addresses stay out of the
    // logs, the refused client comes "through a proxy" from an address of its own.
    for (let i = 0; i < 2; i++) {
      const ws = new WebSocket(relay.url, { headers: { 'x-forwarded-for': '198.51.100.23' } })
      onCleanup(() => ws.terminate())
      await withGuard(new Promise((resolve) => ws.once('open', resolve)), 'a connection of that address')
    }
    await refusedUpgrade(relay.url, '198.51.100.23')

    const secret = 'a payload the relay must never log'
    await member.publish(key.room, bytes(secret))
    await other.next(FrameType.Deliver)
    await member.send(new Uint8Array([0x99]))
    await member.send(new Uint8Array([0x99])) // over maxBadFrames: policy close
    await withGuard(member.closed, 'the policy close')
    await relay.close()

    const events = relay.lines.map((l) => l.event)
    expect(events).toEqual(['listening', 'upgrade-refused', 'policy-close', 'closed'])
    const refusal = relay.lines.find((l) => l.event === 'upgrade-refused')!
    expect(refusal).toMatchObject({ level: 40, reason: 'per_ip', per_ip: 1 })
    expect(refusal.client).toMatch(/^[0-9a-f]{16}$/)
    const everything = relay.raw.join('\n')
    expect(everything).not.toContain('198.51.100.23')
    expect(everything).not.toContain(roomToHex(key.room))
    expect(everything).not.toContain(secret)
    expect(everything).not.toContain(Buffer.from(secret).toString('base64'))
  })

  it('are silent unless a logger is given', async () => {
    // The default: no logger, nothing on stdout. (The count-only callback still works.)
    const events: string[] = []
    const server = await createRelayServer({ port: 0, log: (event) => events.push(event) })
    onCleanup(() => server.close())
    const c = await TestClient.connect(server.url)
    c.close()
    await server.close()
    expect(events).toEqual(['listening', 'closed'])
  })

  it('log refusals at most once a second and count the rest', async () => {
    const relay = await loggedRelay({ trustedProxies: 1, maxConnectionsPerIp: 1 })
    const first = new WebSocket(relay.url, { headers: { 'x-forwarded-for': '192.0.2.1' } })
    onCleanup(() => first.terminate())
    await withGuard(new Promise((resolve) => first.once('open', resolve)), 'the first connection')
    for (let i = 0; i < 3; i++) await refusedUpgrade(relay.url, '192.0.2.1')
    expect(relay.lines.filter((l) => l.event === 'upgrade-refused')).toHaveLength(1)
  })

  it('pseudonymize an address the same way within a process, and differently in another', () => {
    const [one, other] = [createPseudonymizer(), createPseudonymizer()]
    expect(one('ip', '192.0.2.1')).toBe(one('ip', '192.0.2.1'))
    expect(one('ip', '192.0.2.1')).not.toBe(one('ip', '192.0.2.2'))
    expect(one('ip', '192.0.2.1')).not.toBe(other('ip', '192.0.2.1'))
    expect(one('ip', 'x')).not.toBe(one('room', 'x'))
  })
})
