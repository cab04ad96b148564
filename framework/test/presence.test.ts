// Presence through a real relay: a device that goes live appears on the other with what it
// shows, follows its changes, and disappears at once when it leaves; a frame replayed later
// and a device speaking for another are ignored.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startRelay, type RunningRelay } from '../../scripts/services/relay.ts'
import { nodeWebSocket } from '../src/platform/node/index.ts'
import { decodePresence, encodePresence } from '../src/presence/presence-message.ts'
import type { LiveSync } from '../src/sync/live-sync.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { waitFor } from './support/wait.ts'

describe('presence', () => {
  let relay: RunningRelay
  let team: Team
  const lives: LiveSync[] = []

  beforeEach(async () => {
    relay = await startRelay()
    team = await createTeam(['writer'], undefined, relay.url)
  })
  afterEach(async () => {
    for (const live of lives.splice(0)) await live.stop()
    await team.close()
    await relay.close()
  })

  const goLive = (ws: Workspace): LiveSync => {
    const live = ws.live({ connect: nodeWebSocket, pullIntervalMs: 60_000 })
    lives.push(live)
    return live
  }

  it('appears with its state, follows it, and leaves', async () => {
    const [a, b] = team.workspaces as [Workspace, Workspace]
    a.setPresence({ task: 't1' })
    goLive(a)
    goLive(b)
    await waitFor(b, 'presence', () => b.presence.some((p) => p.deviceId === a.deviceId), 'A present on B')
    await waitFor(a, 'presence', () => a.presence.some((p) => p.deviceId === b.deviceId), 'B present on A')
    expect(b.presence.find((p) => p.deviceId === a.deviceId)).toMatchObject({ userId: a.parts.deps.identity.userId, state: { task: 't1' } })
    expect(a.presence.every((p) => p.deviceId !== a.deviceId)).toBe(true)

    a.setPresence({ task: 't2' })
    await waitFor(b, 'presence', () => (b.presence[0]?.state as { task?: string } | undefined)?.task === 't2', 'A’s new state on B')

    await a.close() // says goodbye: gone at once, not after the timeout
    await waitFor(b, 'presence', () => b.presence.length === 0, 'A gone from B', 3_000)
  })

  it('ignores a message signed by one device for another, and a stale one', async () => {
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const forged = await encodePresence(
      { ws: a.id, device: a.deviceId, user: a.parts.deps.identity.userId, session: '00'.repeat(8), seq: 1, at: Date.now(), state: null },
      b.parts.deps.identity.signing.privateKey,
    )
    expect(await decodePresence(forged, a.id)).toBeUndefined()
    const genuine = await encodePresence({ ws: a.id, device: a.deviceId, user: a.parts.deps.identity.userId, session: '00'.repeat(8), seq: 1, at: Date.now(), state: null }, a.parts.deps.identity.signing.privateKey)
    expect(await decodePresence(genuine, a.id)).toMatchObject({ device: a.deviceId })
    expect(await decodePresence(genuine, b.id.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBeUndefined()
  })
})
