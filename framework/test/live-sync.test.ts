// Live sync between two Node devices through a real relay over real sockets, with storage
// switched off to prove the relay alone carried the edit, then back on to drain the outbox.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { startRelay, type RunningRelay } from '../../scripts/services/relay.ts'
import { nodeWebSocket } from '../src/platform/node/index.ts'
import { StorageError } from '../src/storage/storage-error.ts'
import { RelayClient } from '../src/relay/relay-client.ts'
import { sign } from '../src/crypto/keys.ts'
import type { LiveSync } from '../src/sync/live-sync.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { waitFor } from './support/wait.ts'

type Tasks = Record<string, string>

describe('live sync through the relay', () => {
  let relay: RunningRelay
  let team: Team
  let lives: LiveSync[] = []
  let storageDown = false

  beforeEach(async () => {
    relay = await startRelay()
    storageDown = false
    const storage = createMemoryStorage('memory://live', {
      faults: () => (storageDown ? new StorageError('unreachable', 'memory://live', 'test outage') : undefined),
    })
    team = await createTeam(['writer'], storage, relay.url)
  })

  afterEach(async () => {
    for (const live of lives.splice(0)) await live.stop()
    await team.close()
    await relay.close()
  })

  function goLive(ws: Workspace): LiveSync {
    const live = ws.live({ connect: nodeWebSocket, pullIntervalMs: 60_000 })
    lives.push(live)
    return live
  }

  const connected = (ws: Workspace) => waitFor(ws, 'status', () => ws.status.relay === 'connected', 'relay connection')

  it('an edit reaches the other device through the relay alone, then uploads when storage returns', async () => {
    const [a, b] = team.workspaces as [Workspace, Workspace]
    goLive(a)
    const liveB = goLive(b)
    await Promise.all([connected(a), connected(b)])
    storageDown = true

    const docB = await b.doc<Tasks>('tasks')
    const applied = waitFor(liveB, 'relay', (e) => e?.outcome === 'applied', 'a relay envelope applied on B')
    ;(await a.doc<Tasks>('tasks')).change((d) => void (d.pump = 'fixed'))
    await applied
    expect(docB.doc().pump).toBe('fixed')
    expect(a.status.pendingChanges).toBeGreaterThan(0)

    storageDown = false
    await waitFor(a, 'status', () => a.status.pendingChanges === 0 && a.status.storage === 'ok', 'the outbox to drain')
  })

  it('a replayed relay frame is a no-op, and a frame that does not decrypt is refused', async () => {
    const [a, b] = team.workspaces as [Workspace, Workspace]
    goLive(a)
    const liveB = goLive(b)
    await Promise.all([connected(a), connected(b)])

    // A spy in the room (it holds the room key, as any member does) records A's frames.
    const keys = a.currentKeys()
    const spy = new RelayClient({ url: relay.url, connect: nodeWebSocket })
    const frames: Uint8Array[] = []
    spy.on('message', ({ payload }) => frames.push(payload))
    spy.join(keys.room.publicKey, (c) => sign(keys.room.privateKey, c))
    await spy.once('joined')

    const docB = await b.doc<Tasks>('tasks')
    const docA = await a.doc<Tasks>('tasks')
    for (const value of ['one', 'two']) {
      const applied = waitFor(liveB, 'relay', (e) => e?.outcome === 'applied' && docB.doc().v === value, `edit ${value} applied on B`)
      docA.change((d) => void (d.v = value))
      await applied
    }
    expect(frames.length).toBeGreaterThan(0)

    const outcomes: string[] = []
    const handled = waitFor(
      liveB,
      'relay',
      (e) => (e ? outcomes.push(e.outcome) : 0) >= frames.length + 1,
      'replayed frames to be handled',
    )
    for (const frame of frames) spy.publish(keys.room.publicKey, frame)
    spy.publish(keys.room.publicKey, new Uint8Array(64).fill(7))
    await handled
    expect(outcomes).not.toContain('applied')
    expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThanOrEqual(2)
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(1)
    expect(docB.doc().v).toBe('two')
    spy.close()
  })
})
