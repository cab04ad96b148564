// One worker process of the reconnect-storm bench (storm.ts): it runs whole teams of real
// devices (engines with homes of their own, s3rver storage, the relay through the balancer).
// Setup: every team is made and synced in step; then every device, offline, makes its changes.
// On 'go' every device goes live at once (seal, relay, push, pull), and the worker reports when
// each of its devices holds every change of its team, and what they asked of storage.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clientful, DocHandle, LiveSync, UserStorage, Workspace } from 'clientful'
import { nodeWebSocket, openNodeClient } from 'clientful/node'
import { openS3Url } from '@clientful/storage-s3'
import { countingStorage, emptyTally, requestsIn } from './counting-storage.ts'

export interface StormSetup {
  readonly type: 'setup'
  readonly teams: readonly number[]
  readonly teamSize: number
  readonly offlineChanges: number
  readonly storage: { readonly endpoint: string; readonly bucket: string; readonly credentials: { accessKeyId: string; secretAccessKey: string } }
  readonly relay: string
}

export type StormCommand = StormSetup | { readonly type: 'go' } | { readonly type: 'stop' }

export type StormReport =
  | { readonly type: 'ready'; readonly devices: number }
  | {
      readonly type: 'converged'
      readonly devices: number
      /** When the last device held every change of its team (epoch ms). */
      readonly lastAt: number
      readonly requests: number
      /** When every device's own changes were in storage too, and no sync was running. */
      readonly durableAt: number
      readonly requestsToDurable: number
      readonly relayApplied: number
    }
  | { readonly type: 'failed'; readonly error: string }

type Notes = Record<string, number>

interface Device {
  readonly client: Clientful
  readonly home: string
  readonly ws: Workspace
  readonly doc: DocHandle<Notes>
  readonly team: Device[]
  live: LiveSync | undefined
}

const send = (report: StormReport): void => void process.send!(report)
const devices: Device[] = []
const tally = emptyTally()
let setup: StormSetup | undefined

process.on('message', (command: StormCommand) => {
  const handle = command.type === 'setup' ? prepare(command) : command.type === 'go' ? go() : stop()
  handle.catch((error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
})
process.on('disconnect', () => void stop())

async function prepare(command: StormSetup): Promise<void> {
  setup = command
  const { endpoint, bucket, credentials } = command.storage
  const openStorage = async (url: string): Promise<UserStorage> => countingStorage(await openS3Url(url, credentials), tally)
  for (const index of command.teams) {
    const storage = `s3://${bucket}/storm-${index}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1`
    const team: Device[] = []
    for (let i = 0; i < command.teamSize; i++) {
      const home = await mkdtemp(join(tmpdir(), 'clientful-bench-storm-'))
      const client = await openNodeClient(home, { openStorage, snapshotEvery: 0 })
      const ws = i === 0 ? await client.createWorkspace({ name: `Storm ${index}`, storage, relay: command.relay }) : await client.join(await team[0]!.ws.createInvite({ role: 'writer' }))
      team.push({ client, home, ws, doc: await ws.doc<Notes>('notes'), team, live: undefined })
    }
    for (let round = 0; round < 2; round++) for (const device of team) await device.ws.sync()
    devices.push(...team)
  }
  // Offline for a while: every device makes its changes, none of them shared yet.
  for (const device of devices) {
    const me = device.ws.deviceId.slice(0, 12)
    for (let i = 0; i < command.offlineChanges; i++) device.doc.change((d) => void (d[`${me}-${i}`] = i))
    await device.ws.parts.docs.flush()
  }
  send({ type: 'ready', devices: devices.length })
}

async function go(): Promise<void> {
  const { offlineChanges } = setup!
  const before = { ...tally }
  const expected = (device: Device): string[] => device.team.flatMap((d) => Array.from({ length: offlineChanges }, (_, i) => `${d.ws.deviceId.slice(0, 12)}-${i}`))
  let lastAt = 0
  const converged = devices.map(async (device) => {
    const keys = expected(device)
    const done = (): boolean => keys.every((key) => device.doc.doc()[key] !== undefined)
    await new Promise<void>((resolve) => {
      const off = device.doc.on('change', () => {
        if (!done()) return
        off()
        resolve()
      })
      device.live = device.ws.live({ connect: nodeWebSocket })
      if (done()) {
        off()
        resolve()
      }
    })
    lastAt = Math.max(lastAt, performance.timeOrigin + performance.now())
  })
  await Promise.all(converged)
  const requests = requestsIn(tally) - requestsIn(before)
  let durableAt = 0
  await Promise.all(
    devices.map(async (device) => {
      const durable = (): boolean => device.ws.status.pendingChanges === 0 && !device.ws.status.syncing
      if (!durable()) {
        await new Promise<void>((resolve) => {
          const off = device.ws.on('status', () => {
            if (!durable()) return
            off()
            resolve()
          })
        })
      }
      durableAt = Math.max(durableAt, performance.timeOrigin + performance.now())
    }),
  )
  const relayApplied = devices.reduce((sum, d) => sum + (d.live?.stats.relayApplied ?? 0), 0)
  send({ type: 'converged', devices: devices.length, lastAt, requests, durableAt, requestsToDurable: requestsIn(tally) - requestsIn(before), relayApplied })
}

async function stop(): Promise<void> {
  for (const device of devices.splice(0)) {
    await device.live?.stop()
    await device.client.close()
    await rm(device.home, { recursive: true, force: true })
  }
  process.exit(0)
}
