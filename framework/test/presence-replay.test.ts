// Presence frames the relay operator replays: a frame of a device's earlier session, under a
// minute old and validly signed, neither changes what the device shows nor makes it leave.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startRelay, type RunningRelay } from '../../scripts/services/relay.ts'
import { nodeWebSocket } from '../src/platform/node/index.ts'
import { encodePresence } from '../src/presence/presence-message.ts'
import type { LiveSync } from '../src/sync/live-sync.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { waitFor } from './support/wait.ts'

describe('presence against replayed frames', () => {
  let relay: RunningRelay
  let team: Team
  const lives: LiveSync[] = []

  beforeEach(async () => {
    relay = await startRelay()
    team = await createTeam(['writer', 'writer'], undefined, relay.url)
  })
  afterEach(async () => {
    for (const live of lives.splice(0)) await live.stop()
    await team.close()
    await relay.close()
  })

  it('a frame of an earlier session changes nothing, a leave included', async () => {
    const [a, b, c] = team.workspaces as [Workspace, Workspace, Workspace]
    const goLive = (ws: Workspace): LiveSync => {
      const live = ws.live({ connect: nodeWebSocket, pullIntervalMs: 60_000 })
      lives.push(live)
      return live
    }
    a.setPresence({ task: 't1' })
    goLive(a)
    goLive(b)
    const carrier = goLive(c) // the room delivers whatever it is handed: c's socket stands for the operator
    const shown = (ws: Workspace, device: string) => ws.presence.find((p) => p.deviceId === device)?.state as { task?: string } | undefined
    await waitFor(b, 'presence', () => shown(b, a.deviceId)?.task === 't1' && shown(b, c.deviceId) !== undefined, 'A and C present on B')

    // Frames A signed in a session before this one, a few seconds ago.
    const earlier = { ws: a.id, device: a.deviceId, user: a.parts.deps.identity.userId, session: 'ab'.repeat(8), at: Date.now() - 5_000 }
    const key = a.parts.deps.identity.signing.privateKey
    expect(await carrier.sendEphemeral(await encodePresence({ ...earlier, seq: 7, state: { task: 'old' } }, key))).toBe(true)
    expect(await carrier.sendEphemeral(await encodePresence({ ...earlier, seq: 8, state: null, leave: true }, key))).toBe(true)
    // Then something B must show, sent after them on the same socket: once B shows it, it has
    // handled the replayed frames (one at a time, in order).
    c.setPresence({ task: 'probe' })
    await waitFor(b, 'presence', () => shown(b, c.deviceId)?.task === 'probe', 'C’s new state on B')

    expect(shown(b, a.deviceId)).toEqual({ task: 't1' })
  })
})
