// The reconnect storm: STORM_DEVICES real devices (teams of STORM_TEAM, spread over
// STORM_WORKERS worker processes, storm-worker.ts) were offline, each with STORM_CHANGES changes,
// and all come back at the same instant through one address (a TCP balancer) in front of two
// relay nodes sharing rooms over Redis, with storage on s3rver. Measured: the time from the
// signal until the last device holds every change of its team, each relay node's peak resident
// memory, the storage requests of the whole storm, and devices that never converged (lost).

import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { startRedis } from '../scripts/services/redis.ts'
import { startRelayProcess } from '../scripts/services/relay-process.ts'
import { startS3rver } from '../scripts/services/s3rver.ts'
import { startTcpBalancer } from '../scripts/services/tcp-balancer.ts'
import type { Measured } from './harness.ts'
import type { StormCommand, StormReport } from './storm-worker.ts'

export const STORM_DEVICES = Number(process.env.STORM_DEVICES ?? 1_000)
export const STORM_TEAM = Number(process.env.STORM_TEAM ?? 10)
export const STORM_WORKERS = Number(process.env.STORM_WORKERS ?? 4)
export const STORM_CHANGES = Number(process.env.STORM_CHANGES ?? 100)
const DEADLINE_MS = 600_000
const MB = 1024 * 1024
const WORKER = fileURLToPath(new URL('./storm-worker.ts', import.meta.url))

interface Worker {
  readonly child: ChildProcess
  next(): Promise<StormReport>
}

function startWorker(): Worker {
  const child = fork(WORKER, [], { execArgv: ['--conditions=clientful-source', '--import', 'tsx', '--max-old-space-size=8192'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const reports: StormReport[] = []
  const waiting: ((report: StormReport) => void)[] = []
  child.on('message', (report: StormReport) => {
    const wake = waiting.shift()
    if (wake) wake(report)
    else reports.push(report)
  })
  return {
    child,
    next: () =>
      new Promise<StormReport>((resolve, reject) => {
        const queued = reports.shift()
        if (queued) return resolve(queued)
        waiting.push(resolve)
        child.once('exit', (code) => reject(new Error(`a storm worker exited (${code})`)))
      }),
  }
}

const expect = <T extends StormReport['type']>(report: StormReport, type: T): Extract<StormReport, { type: T }> => {
  if (report.type !== type) throw new Error(`storm worker: expected ${type}, got ${JSON.stringify(report).slice(0, 2000)}`)
  return report as Extract<StormReport, { type: T }>
}

export async function measureReconnectStorm(log: (line: string) => void): Promise<Measured> {
  const redis = await startRedis()
  const s3rver = await startS3rver()
  // Every client reaches the relays from the balancer's address: the per-address limit would
  // count the whole storm as one client (a real deployment passes X-Forwarded-For instead).
  const nodeEnv = { CLIENTFUL_RELAY_REDIS_URL: redis.url, CLIENTFUL_RELAY_MAX_CONNECTIONS_PER_IP: String(STORM_DEVICES * 2) }
  const nodes = [await startRelayProcess(nodeEnv), await startRelayProcess(nodeEnv)]
  const balancer = await startTcpBalancer(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })))
  const workers = Array.from({ length: STORM_WORKERS }, startWorker)
  try {
    const teams = Math.ceil(STORM_DEVICES / STORM_TEAM)
    const started = performance.now()
    workers.forEach((worker, w) => {
      const mine = Array.from({ length: teams }, (_, t) => t).filter((t) => t % STORM_WORKERS === w)
      const setup: StormCommand = {
        type: 'setup',
        teams: mine,
        teamSize: STORM_TEAM,
        offlineChanges: STORM_CHANGES,
        storage: { endpoint: s3rver.endpoint, bucket: s3rver.bucket, credentials: s3rver.credentials },
        relay: `ws://127.0.0.1:${balancer.port}`,
      }
      worker.child.send(setup)
    })
    const ready = await Promise.all(workers.map(async (w) => expect(await w.next(), 'ready')))
    const devices = ready.reduce((sum, r) => sum + r.devices, 0)
    log(`  storm: ${devices} devices in ${teams} teams ready after ${((performance.now() - started) / 1000).toFixed(0)} s (untimed setup)`)

    const goAt = performance.timeOrigin + performance.now()
    for (const worker of workers) worker.child.send({ type: 'go' } satisfies StormCommand)
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), DEADLINE_MS)))
    const results = await Promise.race([Promise.all(workers.map(async (w) => expect(await w.next(), 'converged'))), deadline])
    clearTimeout(timer)
    const peaks = nodes.map((n) => n.memory().peakRss)
    const converged = results === 'deadline' ? [] : results
    const convergedDevices = converged.reduce((sum, r) => sum + r.devices, 0)
    const lastAt = Math.max(...converged.map((r) => r.lastAt))
    return {
      name: `storm of ${devices.toLocaleString('en')} devices, ${STORM_CHANGES} offline changes each`,
      runs: [],
      ms: { 'all converged': results === 'deadline' ? NaN : lastAt - goAt, 'all uploaded': results === 'deadline' ? NaN : Math.max(...converged.map((r) => r.durableAt)) - goAt },
      counts: {
        devices,
        teams,
        workers: STORM_WORKERS,
        lost: devices - convergedDevices,
        'storage requests to converge': converged.reduce((sum, r) => sum + r.requests, 0),
        'storage requests to upload': converged.reduce((sum, r) => sum + r.requestsToDurable, 0),
        'requests per device': Math.round(converged.reduce((sum, r) => sum + r.requestsToDurable, 0) / Math.max(1, convergedDevices)),
        'relay envelopes applied': converged.reduce((sum, r) => sum + r.relayApplied, 0),
        'relay node 1 peak rss MB': Math.round(peaks[0]! / MB),
        'relay node 2 peak rss MB': Math.round(peaks[1]! / MB),
        'relay peak rss MB': Math.round(Math.max(...peaks) / MB),
      },
    }
  } finally {
    for (const worker of workers) {
      if (worker.child.exitCode !== null) continue
      const exited = once(worker.child, 'exit')
      worker.child.send({ type: 'stop' } satisfies StormCommand)
      await exited
    }
    await balancer.stop()
    for (const node of nodes) await node.kill()
    await redis.stop()
    await s3rver.stop()
  }
}
