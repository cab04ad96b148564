// A scaled-down reconnect storm through a relay fleet: 100 devices (10 teams of 10, each a real
// engine with its own home) run live sync through one address in front of two relay nodes that
// share rooms over Redis, with storage on s3rver. Mid-way Redis is killed and later restarted,
// and one relay node is killed (SIGKILL: a crash) while everyone keeps editing. Every device
// must end with every edit of its team — what the relay could not carry, storage brings — and
// no relay frame may reach one device twice.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { WebSocket } from 'ws'
import { FrameType } from '@clientful/relay-protocol'
import { openS3Url } from '@clientful/storage-s3'
import { startRedis, type RunningRedis } from '../../scripts/services/redis.ts'
import { startRelayProcess, type RelayProcess } from '../../scripts/services/relay-process.ts'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { startTcpBalancer, type TcpBalancer } from '../../scripts/services/tcp-balancer.ts'
import type { WebSocketLike } from '../src/relay/websocket-like.ts'
import type { LiveSync } from '../src/sync/live-sync.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, type TestDevice } from './support/devices.ts'

const TEAMS = 10
const PER_TEAM = 10
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
/** Storage brings what the relay lost: pulled this often (jittered), besides pokes and rejoins. */
const PULL_INTERVAL_MS = 2_000
const CONVERGENCE_MS = 120_000

type Notes = Record<string, string>

interface Member {
  readonly ws: Workspace
  readonly live: LiveSync
  /** Relay payloads this device received, by hash: each must arrive at most once. */
  readonly delivered: Map<string, number>
  /** When this device (re)joined its relay room, each time. */
  readonly joinedAt: number[]
}

describe('a reconnect storm through two relay nodes and Redis', () => {
  let redis: RunningRedis
  let s3rver: RunningS3rver
  let nodes: RelayProcess[] = []
  let balancer: TcpBalancer
  const devices: TestDevice[] = []
  const members: Member[] = []
  const teams: Member[][] = []

  const nodeEnv = (): Record<string, string> => ({ CLIENTFUL_RELAY_REDIS_URL: redis.url })

  beforeAll(async () => {
    redis = await startRedis()
    s3rver = await startS3rver()
    nodes = [await startRelayProcess(nodeEnv()), await startRelayProcess(nodeEnv())]
    balancer = await startTcpBalancer(nodes.map((node) => ({ host: '127.0.0.1', port: node.port })))
  }, 120_000)

  afterAll(async () => {
    for (const member of members) await member.live.stop()
    for (const device of devices) await device.close()
    await balancer?.stop()
    for (const node of nodes) await node.kill()
    await redis?.stop()
    await s3rver?.stop()
  }, 120_000)

  /** nodeWebSocket, counting every Deliver frame the device receives. */
  const countingSocket = (delivered: Map<string, number>) => (url: string): WebSocketLike => {
    const socket = new WebSocket(url)
    socket.on('message', (data: Buffer | ArrayBuffer) => {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      if (bytes[0] !== FrameType.Deliver) return
      const key = createHash('sha256').update(bytes.subarray(1)).digest('hex')
      delivered.set(key, (delivered.get(key) ?? 0) + 1)
    })
    return socket as unknown as WebSocketLike
  }

  async function makeTeam(index: number): Promise<Member[]> {
    const open = (url: string) => openS3Url(url, CREDENTIALS)
    const storage = `s3://${s3rver.bucket}/storm-${index}?endpoint=${encodeURIComponent(s3rver.endpoint)}&region=us-east-1`
    const relay = `ws://127.0.0.1:${balancer.port}`
    const team: Workspace[] = []
    for (let i = 0; i < PER_TEAM; i++) {
      const device = await createDevice(open)
      devices.push(device)
      team.push(i === 0 ? await device.client.createWorkspace({ name: `Storm ${index}`, storage, relay }) : await device.client.join(await team[0]!.createInvite({ role: 'writer' })))
    }
    for (let round = 0; round < 2; round++) for (const ws of team) await ws.sync()
    return team.map((ws) => {
      const delivered = new Map<string, number>()
      const live = ws.live({ connect: countingSocket(delivered), pullIntervalMs: PULL_INTERVAL_MS })
      const member: Member = { ws, live, delivered, joinedAt: [] }
      live.on('joined', () => member.joinedAt.push(performance.now()))
      return member
    })
  }

  /** Resolves once every member has joined its room `times` times in all. */
  const allJoined = (times: number) =>
    Promise.all(members.map((m) => (m.joinedAt.length >= times ? undefined : new Promise<void>((resolve) => {
      const off = m.live.on('joined', () => {
        if (m.joinedAt.length < times) return
        off()
        resolve()
      })
    }))))

  async function editAll(round: string): Promise<void> {
    for (const member of members) (await member.ws.doc<Notes>('notes')).change((d) => void (d[`${round}-${member.ws.deviceId.slice(0, 12)}`] = round))
  }

  /** Every member holds every edit of its team from these rounds. */
  async function converged(rounds: readonly string[]): Promise<void> {
    const expected = (team: Member[]) => team.flatMap((m) => rounds.map((round) => `${round}-${m.ws.deviceId.slice(0, 12)}`))
    await Promise.all(
      teams.flatMap((team) =>
        team.map(async (member) => {
          const doc = await member.ws.doc<Notes>('notes')
          const keys = expected(team)
          const done = (): boolean => keys.every((key) => doc.doc()[key] !== undefined)
          if (done()) return
          await new Promise<void>((resolve) => {
            const off = doc.on('change', () => {
              if (!done()) return
              off()
              resolve()
            })
          })
        }),
      ),
    )
  }

  const withDeadline = <T,>(promise: Promise<T>, what: string, ms = CONVERGENCE_MS): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)))]).finally(() => clearTimeout(timer))
  }

  it('100 devices converge with nothing lost and nothing delivered twice while Redis and a relay node die and come back', async () => {
    const started = performance.now()
    const phase = (name: string): void => console.log(`storm: ${name} at ${((performance.now() - started) / 1000).toFixed(1)} s`)
    for (let t = 0; t < TEAMS; t++) {
      const team = await makeTeam(t)
      teams.push(team)
      members.push(...team)
    }
    phase('teams made')
    await withDeadline(allJoined(1), 'every device to join its room')
    phase('all joined')
    // Round robin put members of one team on both nodes: their frames cross through Redis.
    expect(balancer.connections().every((n) => n > 0)).toBe(true)

    await editAll('calm')
    await withDeadline(converged(['calm']), 'convergence before the storm')

    phase('calm converged')
    await redis.stop()
    await editAll('no-redis')

    const rejoinedBefore = members.map((m) => m.joinedAt.length)
    const onDeadNode = balancer.connections()[0]!
    const moved = new Promise<void>((resolve) => {
      let rejoined = 0
      for (const m of members) {
        const off = m.live.on('joined', () => {
          off()
          if (++rejoined === onDeadNode) resolve()
        })
      }
    })
    await nodes[0]!.kill('SIGKILL')
    await editAll('one-node')
    // The dead node's clients come back through the same address, to the living node, spread out.
    await withDeadline(moved, "the dead node's clients to rejoin through the other node")
    phase(`${onDeadNode} clients moved`)
    expect(balancer.connections()).toEqual([0, members.length])
    const rejoins = members.flatMap((m, i) => m.joinedAt.slice(rejoinedBefore[i]!))
    expect(rejoins).toHaveLength(onDeadNode)
    expect(Math.max(...rejoins) - Math.min(...rejoins)).toBeGreaterThan(20) // jittered, not all at once

    redis = await startRedis({ port: redis.port })
    nodes[0] = await startRelayProcess(nodeEnv(), nodes[0]!.port)
    await editAll('recovered')

    await withDeadline(converged(['calm', 'no-redis', 'one-node', 'recovered']), 'every edit on every device of its team')
    phase('converged')
    const twice = members.flatMap((m) => [...m.delivered.values()].filter((n) => n > 1))
    expect(twice).toEqual([])
    expect(members.reduce((sum, m) => sum + m.delivered.size, 0)).toBeGreaterThan(0)
  }, 600_000)
})
