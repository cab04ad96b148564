// Live latency, engine only: two devices in one workspace, both running LiveSync against a
// relay process (the relay command) over loopback WebSockets, storage a local folder. Device A
// sets a key in a document; the time until device B's copy shows it ('change' on B's handle) is
// one sample. Edits come one at a time with a pause between them, as someone typing in bursts
// with breaks does; then the same in a burst (one edit every 5 ms), where the seal gathers
// edits. Both devices live in this process, so both clocks are one: no skew in the numbers.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DocHandle, LiveSync } from 'clientful'
import { openNodeClient, nodeWebSocket } from 'clientful/node'
import { openFileUrl } from '@clientful/storage-local'
import { startRelayProcess } from './relay-servers.ts'
import { settle } from './settle.ts'

export const IDLE_EDITS = 200
export const BURST_EDITS = 200
const PAUSE_MS = 40
const BURST_GAP_MS = 5

type Notes = Record<string, number>

export interface LiveLatencies {
  /** One edit at a time, a pause between: ms from A's change to B's. */
  readonly idle: number[]
  /** Edits every 5 ms: ms from each change on A to the same on B. */
  readonly burst: number[]
}

export async function measureLiveLatency(): Promise<LiveLatencies> {
  const relay = await startRelayProcess({})
  const root = await mkdtemp(join(tmpdir(), 'clientful-bench-live-'))
  const homes = [join(root, 'a'), join(root, 'b')]
  const options = { openStorage: openFileUrl }
  const [alice, bob] = [await openNodeClient(homes[0]!, options), await openNodeClient(homes[1]!, options)]
  const lives: LiveSync[] = []
  try {
    const wsA = await alice.createWorkspace({ name: 'Live', storage: `file://${join(root, 'storage')}`, relay: relay.url })
    const wsB = await bob.join(await wsA.createInvite({ role: 'writer' }))
    await wsA.sync()
    await wsB.sync()
    const docA = await wsA.doc<Notes>('notes')
    const docB = await wsB.doc<Notes>('notes')
    lives.push(wsA.live({ connect: nodeWebSocket }), wsB.live({ connect: nodeWebSocket }))
    await Promise.all(lives.map((live) => live.once('joined')))
    settle()
    // Warm-up: the first edits pay for code that is not yet optimised.
    await run(docA, docB, 20, PAUSE_MS, 'warm')
    return { idle: await run(docA, docB, IDLE_EDITS, PAUSE_MS, 'idle'), burst: await run(docA, docB, BURST_EDITS, BURST_GAP_MS, 'burst') }
  } finally {
    for (const live of lives) await live.stop()
    await alice.close()
    await bob.close()
    await relay.stop()
    await rm(root, { recursive: true, force: true })
  }
}

/** `count` edits on A, `gapMs` apart; each resolves when B shows it. */
async function run(docA: DocHandle<Notes>, docB: DocHandle<Notes>, count: number, gapMs: number, label: string): Promise<number[]> {
  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  const arrived = new Promise<void>((done) => {
    const off = docB.on('change', () => {
      const now = performance.now()
      const doc = docB.doc()
      for (const [key, at] of sentAt) {
        if (doc[key] === undefined) continue
        latencies.push(now - at)
        sentAt.delete(key)
      }
      if (latencies.length === count) {
        off()
        done()
      }
    })
  })
  for (let i = 0; i < count; i++) {
    const key = `${label}-${i}`
    sentAt.set(key, performance.now())
    docA.change((d) => void (d[key] = i))
    await new Promise((resolve) => setTimeout(resolve, gapMs))
  }
  await arrived
  return latencies
}
