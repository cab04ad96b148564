// What one relay node holds and how fast it lets people in, each client from an address of its
// own (through one trusted proxy, as behind the TLS proxy in production), connected when greeted:
// - `storm of 1,000, default admission`: 1,000 clients all connect at the same instant, as after
//   a relay restart, against the default admission settings (burst 500, then 1,000/s, queue
//   2,000). Time until the last is greeted; none may be refused.
// - `10,000 idle, default admission` and `10,000 idle, admission unthrottled`: 10,000
//   connections opened 1,000 at a time and held; time to connect them all, and the relay
//   process's resident memory (peak, and held per connection above its idle baseline).
// The relay runs as its own process; this one holds the client ends. Each needs more than
// 10,000 file descriptors (see IDLE_FD_NEED): the bench says so and skips when `ulimit -n` is lower.

import { readFileSync } from 'node:fs'
import { connectCountingSubscriber, type CountingSubscriber } from './counting-subscriber.ts'
import type { Measured, RunResult } from './harness.ts'
import { startRelayProcess } from './relay-servers.ts'

export const STORM_CLIENTS = 1_000
export const IDLE_CONNECTIONS = 10_000
const IN_FLIGHT = 1_000
/** Sockets for the connections plus what Node and the relay use besides. */
export const IDLE_FD_NEED = IDLE_CONNECTIONS + 500

const MB = 1024 * 1024

/** The soft limit on open files of this process (Linux), which the relay child inherits. */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))
    return Number(line?.trim().split(/\s+/)[3])
  } catch {
    return NaN
  }
}

const addressOf = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`

function greeted(url: string, i: number): Promise<CountingSubscriber> {
  return connectCountingSubscriber(url, () => true, { 'X-Forwarded-For': addressOf(i) })
}

export async function measureStorm(): Promise<Measured> {
  const relay = await startRelayProcess({ CLIENTFUL_RELAY_TRUSTED_PROXIES: '1' })
  const clients: CountingSubscriber[] = []
  try {
    const start = performance.now()
    const outcomes = await Promise.allSettled(Array.from({ length: STORM_CLIENTS }, (_, i) => greeted(relay.url, i)))
    const ms = performance.now() - start
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') clients.push(outcome.value)
    const result: RunResult = { ms: { 'connect all': ms }, counts: { connected: clients.length, refused: STORM_CLIENTS - clients.length } }
    return single(`storm of ${STORM_CLIENTS.toLocaleString('en')}, default admission`, result)
  } finally {
    for (const client of clients) client.close()
    await relay.stop()
  }
}

export async function measureIdle(admission: 'default' | 'unthrottled'): Promise<Measured> {
  const env: Record<string, string> = { CLIENTFUL_RELAY_TRUSTED_PROXIES: '1', CLIENTFUL_RELAY_MAX_CONNECTIONS: String(IDLE_CONNECTIONS * 2) }
  if (admission === 'unthrottled') {
    Object.assign(env, {
      CLIENTFUL_RELAY_CONNECTIONS_PER_SECOND: '1000000',
      CLIENTFUL_RELAY_CONNECTION_BURST: String(IDLE_CONNECTIONS * 2),
      CLIENTFUL_RELAY_MAX_PENDING_UPGRADES: String(IDLE_CONNECTIONS * 2),
    })
  }
  const relay = await startRelayProcess(env)
  const clients: CountingSubscriber[] = []
  try {
    const baseline = relay.memory().rss
    const start = performance.now()
    let next = 0
    // IN_FLIGHT workers, each opening connections one after another: arrivals keep coming
    // without ever exceeding the default admission queue.
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < IDLE_CONNECTIONS) clients.push(await greeted(relay.url, next++))
      }),
    )
    const ms = performance.now() - start
    const { rss, peakRss } = relay.memory()
    const result: RunResult = {
      ms: { 'connect all': ms },
      counts: {
        connected: clients.length,
        'connections/s': Math.round(clients.length / (ms / 1000)),
        'relay peak rss MB': Math.round(peakRss / MB),
        'relay rss held MB': Math.round(rss / MB),
        'KB per connection': Math.round((rss - baseline) / 1024 / IDLE_CONNECTIONS),
      },
    }
    return single(`${IDLE_CONNECTIONS.toLocaleString('en')} idle, admission ${admission}`, result)
  } finally {
    for (const client of clients) client.close()
    await relay.stop()
  }
}

function single(name: string, result: RunResult): Measured {
  return { name, runs: [result], ms: result.ms, counts: result.counts ?? {} }
}
