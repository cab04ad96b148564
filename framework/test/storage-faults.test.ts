// Storage that misbehaves the way S3-compatible services do: intermittent 500/503/429, uploads
// cut mid-body, listings that lag behind new files, a full quota, expired credentials. Devices
// share a bucket on s3rver through a fault-injecting proxy (real sockets, the real S3 adapter);
// each keeps editing through the fault, shows it in its status, retries what waiting can fix,
// loses nothing, and converges once the fault ends.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { rm } from 'node:fs/promises'
import { createS3Storage, openS3Url } from '@clientful/storage-s3'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../../scripts/services/fault-proxy.ts'
import { isStorageError } from '../src/storage/storage-error.ts'
import type { Rejection } from '../src/sync/rejection.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { verifyStorage } from '../src/workspace/verify-storage.ts'
import { createDevice, type TestDevice } from './support/devices.ts'
import { waitFor } from './support/wait.ts'

type Tasks = Record<string, string>

// s3rver checks the access key but not signatures, so the secret can be one a leak would show.
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'fault-test-secret-9f27c1' }
const ATTEMPTS = 3 // withRetries attempts per operation, one request each (the adapter does not retry)

const isLogUpload = (r: Pick<ProxiedRequest, 'kind' | 'key'>) => r.kind === 'write' && r.key.includes('/log/')
const isUpload = (r: Pick<ProxiedRequest, 'kind'>) => r.kind === 'write'

interface Crew {
  readonly workspaces: Workspace[]
  /** What each device's withRetries waited for, by error kind. */
  readonly retries: string[][]
  readonly prefix: string
  /** The location status lines must name. */
  readonly location: string
  /** Every label edited so far: nothing may be lost. */
  readonly edited: Set<string>
}

describe('storage faults between devices and an S3-compatible server', () => {
  let s3rver: RunningS3rver
  let proxy: FaultProxy
  let crews = 0
  const devices: TestDevice[] = []

  beforeAll(async () => {
    s3rver = await startS3rver()
    proxy = await startFaultProxy(s3rver.endpoint)
  })
  afterAll(async () => {
    await proxy?.stop()
    await s3rver?.stop()
  })
  afterEach(async () => {
    proxy.clear()
    for (const device of devices.splice(0)) {
      await device.close()
      await rm(device.home, { recursive: true, force: true }) // reopened devices keep theirs
    }
  })

  /** The crew's storage root seen directly (s3rver) or through the proxy. */
  const bucketAt = (endpoint: string, team: Crew) =>
    createS3Storage({ bucket: s3rver.bucket, prefix: team.prefix, endpoint, region: 'us-east-1', credentials: CREDENTIALS })

  /** `size` writers in one workspace on a fresh prefix, all through the proxy, in step. */
  async function crew(size: number): Promise<Crew> {
    const prefix = `faults-${++crews}`
    const url = `s3://${s3rver.bucket}/${prefix}?endpoint=${encodeURIComponent(proxy.endpoint)}&region=us-east-1`
    const open = (u: string) => openS3Url(u, CREDENTIALS)
    const retries: string[][] = []
    const device = async (): Promise<TestDevice> => {
      const kinds: string[] = []
      retries.push(kinds)
      const onRetry = (error: unknown) => void kinds.push(isStorageError(error) ? error.kind : String(error))
      const d = await createDevice(open, { retry: { attempts: ATTEMPTS, baseMs: 1, capMs: 5, onRetry } })
      devices.push(d)
      return d
    }
    const founder = await (await device()).client.createWorkspace({ name: 'Faults', storage: url })
    const workspaces = [founder]
    for (let i = 1; i < size; i++) workspaces.push(await (await device()).client.join(await founder.createInvite({ role: 'writer' })))
    for (const ws of workspaces) await ws.sync()
    return { workspaces, retries, prefix, location: `s3://${s3rver.bucket}/${prefix}`, edited: new Set() }
  }

  /** A device that joins `team` later (its invite made now, while storage still works). */
  async function latecomer(team: Crew): Promise<() => Promise<Workspace>> {
    const code = await team.workspaces[0]!.createInvite({ role: 'writer' })
    const d = await createDevice((u) => openS3Url(u, CREDENTIALS), { retry: { attempts: ATTEMPTS, baseMs: 1, capMs: 5 } })
    devices.push(d)
    return async () => {
      const ws = await d.client.join(code)
      team.workspaces.push(ws)
      return ws
    }
  }

  async function edit(team: Crew, ws: Workspace, label: string): Promise<void> {
    ;(await ws.doc<Tasks>('tasks')).change((d) => void (d[label] = label))
    team.edited.add(label)
  }

  const tasks = async (ws: Workspace): Promise<Tasks> => A.toJS((await ws.doc<Tasks>('tasks')).doc())

  /** The sync fails with `kind`, and the status says so in words naming the location, never secrets. */
  async function expectSyncShowsFault(team: Crew, ws: Workspace, kind: string): Promise<void> {
    await expect(ws.sync()).rejects.toMatchObject({ kind, location: team.location })
    const { status } = ws
    expect(status.storage).toBe('error')
    expect(status.storages[0]).toMatchObject({ state: 'error', errorKind: kind })
    expect(status.storages[0]!.error).toContain(`${team.location}: `)
    expect(status.error).toContain(`${team.location}: `)
    expect(status.pendingChanges).toBeGreaterThan(0)
    const shown = JSON.stringify(status)
    expect(shown).not.toContain(CREDENTIALS.secretAccessKey)
    expect(shown).not.toContain(CREDENTIALS.accessKeyId)
  }

  /** Each device still holds every edit it made or received. */
  async function expectNothingLostLocally(ws: Workspace, labels: string[]): Promise<void> {
    expect(Object.keys(await tasks(ws))).toEqual(expect.arrayContaining(labels))
  }

  /** Two rounds (everyone pushes, then everyone pulls): identical documents, nothing pending, nothing refused. */
  async function expectConvergence(team: Crew, knownRefusal: (r: Rejection) => boolean = () => false): Promise<void> {
    for (let round = 0; round < 2; round++) for (const ws of team.workspaces) await ws.sync()
    const expected = Object.fromEntries([...team.edited].map((l) => [l, l]))
    for (const ws of team.workspaces) {
      expect(await tasks(ws)).toEqual(expected)
      expect(await ws.exportJson()).toEqual(await team.workspaces[0]!.exportJson())
      expect(ws.status).toMatchObject({ storage: 'ok', pendingChanges: 0, error: undefined })
      expect(ws.status.storages[0]).toMatchObject({ state: 'ok', errorKind: undefined })
      expect((await ws.rejected()).filter((r) => !knownRefusal(r))).toEqual([])
    }
  }

  /** Counts the proxy's requests made during `work`. */
  async function requestsDuring(work: () => Promise<unknown>): Promise<ProxiedRequest[]> {
    const mark = proxy.requests.length
    await work()
    return proxy.requests.slice(mark)
  }

  it.each([
    [500, 'InternalError', 'transient'],
    [503, 'SlowDown', 'throttled'],
    [429, 'TooManyRequests', 'throttled'],
  ])('intermittent %i %s: retried with backoff until it goes through, while devices keep editing', async (status, code, kind) => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    await edit(team, a, 'a-before')
    // Two failures: withRetries (the one place requests are retried) carries it through on the third try.
    proxy.fail({ status, code, times: ATTEMPTS - 1, match: isLogUpload })
    const seen = await requestsDuring(async () => {
      const syncing = a.sync()
      await edit(team, a, 'a-during') // sealed by this sync or the next, never lost
      await edit(team, b, 'b-during')
      await syncing
    })
    const uploads = seen.filter(isLogUpload)
    expect(uploads.map((r) => r.status)).toEqual([status, status, 200])
    expect(team.retries[0]).toEqual([kind, kind])
    expect(a.status).toMatchObject({ storage: 'ok', error: undefined })
    expect(a.status.pendingChanges).toBe(0) // everything that sync sealed is stored
    await expectConvergence(team)
  })

  it('a sustained 500 outage: every device shows it, backs off, keeps its edits, and converges after', async () => {
    const team = await crew(3)
    const [a, b, c] = team.workspaces as [Workspace, Workspace, Workspace]
    proxy.fail({ status: 500, code: 'InternalError', times: Infinity })
    for (const [i, ws] of [a, b, c].entries()) {
      await edit(team, ws, `edit-${i}-1`)
      const seen = await requestsDuring(() => expectSyncShowsFault(team, ws, 'transient'))
      // The first request of the sync, tried by withRetries alone, then given up.
      expect(seen.length).toBe(ATTEMPTS)
      expect(seen.every((r) => r.outcome === 'failed')).toBe(true)
      expect(team.retries[i]).toEqual(Array(ATTEMPTS - 1).fill('transient'))
      await edit(team, ws, `edit-${i}-2`)
      await expectNothingLostLocally(ws, [`edit-${i}-1`, `edit-${i}-2`])
    }
    proxy.clear()
    await expectConvergence(team)
  })

  it('a 502 storm under live sync: the status shows it while edits go on, and the outbox drains after', async () => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    const lives = [a.live({ pullIntervalMs: 200 }), b.live({ pullIntervalMs: 200 })]
    try {
      // A load balancer in front of the bucket answering 502 (transient, as the SDK's backoff
      // for 503 SlowDown would make this test slow; the intermittent cases cover 503 and 429).
      proxy.fail({ status: 502, code: 'BadGateway', times: Infinity, match: isUpload })
      await edit(team, a, 'live-a')
      await waitFor(a, 'status', () => a.status.storages[0]?.errorKind === 'transient' && a.status.pendingChanges > 0, 'A to show the outage')
      expect(a.status.error).toContain(`${team.location}: `)
      await edit(team, a, 'live-a-2')
      await edit(team, b, 'live-b')
      await waitFor(b, 'status', () => b.status.storages[0]?.errorKind === 'transient', 'B to show the outage')
      expect(proxy.count((r) => isUpload(r) && r.outcome === 'failed')).toBeGreaterThanOrEqual(ATTEMPTS)

      proxy.clear()
      const expected = ['live-a', 'live-a-2', 'live-b'].sort()
      for (const ws of [a, b]) {
        await waitFor(ws, 'status', () => ws.status.pendingChanges === 0 && ws.status.storage === 'ok', 'the outbox to drain')
      }
      for (const ws of [a, b]) {
        const doc = await ws.doc<Tasks>('tasks')
        await waitFor(doc, 'change', () => Object.keys(doc.doc()).sort().join() === expected.join(), 'every edit on every device')
      }
    } finally {
      for (const live of lives) await live.stop()
    }
    await expectConvergence(team)
  })

  it('uploads cut mid-body: retried until the envelope is whole in storage', async () => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    await edit(team, a, 'a-1')
    // A cut connection is a network blip: retried once within the sync (live sync backs off after that).
    proxy.dropMidUpload({ times: 1, match: isLogUpload })
    const seen = await requestsDuring(() => a.sync())
    expect(seen.filter(isLogUpload).map((r) => r.outcome)).toEqual(['dropped', 'forwarded'])
    expect(team.retries[0]).toEqual(['unreachable'])
    expect((await verifyStorage(a)).bad).toEqual([])

    // A's connection cuts every upload. s3rver (unlike S3) usually keeps the torn half: a
    // file verify flags, but only past A's marker, where no reader looks.
    proxy.dropMidUpload({ times: Infinity, match: (r) => isLogUpload(r) && r.key.includes(`/log/${a.deviceId}/`) })
    await edit(team, a, 'a-2')
    await expectSyncShowsFault(team, a, 'unreachable')
    expect(a.status.online).toBe(false)
    const envelope2 = `${a.id}/log/${a.deviceId}/000000000002.json`
    expect((await verifyStorage(a)).bad.filter((f) => f.path !== envelope2)).toEqual([])
    await edit(team, b, 'b-1')
    const report = await b.sync()
    expect(report.rejected).toEqual([])
    expect(await tasks(b)).toEqual({ 'a-1': 'a-1', 'b-1': 'b-1' })

    proxy.clear()
    await a.sync()
    expect((await verifyStorage(a)).bad).toEqual([])
    await expectConvergence(team)
  })

  it('listings that hide new files: readers get them on a later sync, with no refusal and no loss', async () => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    await edit(team, a, 'a-1')
    await a.sync() // A's marker exists before the fault: its updates stay listed
    const joinC = await latecomer(team)

    proxy.hideNewKeys(10 * 60_000)
    const c = await joinC() // its join entry is new, so A and B cannot list it yet
    await edit(team, c, 'c-1')
    await c.sync() // so is its marker
    await edit(team, a, 'a-2')
    await a.sync()
    const markerOfC = `${a.id}/devices/${c.deviceId}.json`
    expect(await bucketAt(s3rver.endpoint, team).list(`${a.id}/devices/`)).toContain(markerOfC)
    expect(await bucketAt(proxy.endpoint, team).list(`${a.id}/devices/`)).not.toContain(markerOfC)

    for (const ws of [b, a, c]) {
      const report = await ws.sync()
      expect(report.rejected).toEqual([])
      expect(ws.status).toMatchObject({ storage: 'ok', pendingChanges: 0 })
    }
    expect(await tasks(b)).toEqual({ 'a-1': 'a-1', 'a-2': 'a-2' }) // C's edit not listed yet
    expect(b.membership.devices.has(c.deviceId)).toBe(false)
    expect(await tasks(c)).toEqual({ 'a-1': 'a-1', 'a-2': 'a-2', 'c-1': 'c-1' })

    proxy.clear() // the listing catches up
    await expectConvergence(team)
    expect(b.membership.devices.has(c.deviceId)).toBe(true)
  })

  // KNOWN GAP, reported and left alone: where listings lag file by file (Drive's name queries),
  // a reader can list a new device's marker before its join entry. Nothing is lost, but the
  // marker is refused as 'unknown-device', and the refusal stays in the quarantine list after
  // the device is known. When pull.ts waits for such markers instead, expect no refusal here.
  it("a listing that shows a new device's marker before its join: nothing lost, but refused once (known gap)", async () => {
    const team = await crew(2)
    const [, b] = team.workspaces as [Workspace, Workspace]
    const joinC = await latecomer(team)
    proxy.hideNewKeys(10 * 60_000, (key) => key.includes('/members/'))
    const c = await joinC()
    await edit(team, c, 'c-1')
    await c.sync()
    const report = await b.sync()
    expect(report.rejected.map((r) => [r.reason, r.device])).toEqual([['unknown-device', c.deviceId]])
    expect(await tasks(b)).toEqual({})

    proxy.clear()
    await expectConvergence(team, (r) => r.reason === 'unknown-device' && r.device === c.deviceId)
  })

  it.each([
    ['403 QuotaExceeded (Ceph RGW)', () => proxy.quotaExceeded(true)],
    ['507 XMinioStorageFull (MinIO)', () => proxy.fail({ status: 507, code: 'XMinioStorageFull', times: Infinity, match: isUpload })],
  ])('a full quota, %s: shown as quota, not retried, downloads go on, and edits wait for space', async (_, fillQuota) => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    await edit(team, b, 'b-before')
    await b.sync()
    fillQuota()
    await edit(team, a, 'a-1')
    const seen = await requestsDuring(() => expectSyncShowsFault(team, a, 'quota'))
    expect(seen.filter(isUpload)).toHaveLength(1) // waiting does not make space: tried once
    expect(team.retries[0]).toEqual([])
    await expectNothingLostLocally(a, ['a-1', 'b-before']) // the pull before the push still worked
    await edit(team, a, 'a-2')
    await edit(team, b, 'b-1')
    await expectSyncShowsFault(team, b, 'quota')
    await expectNothingLostLocally(b, ['b-before', 'b-1'])

    proxy.clear()
    await expectConvergence(team)
  })

  it('expired credentials: shown as auth on the first request, not hammered, and edits survive a restart', async () => {
    const team = await crew(2)
    const [a, b] = team.workspaces as [Workspace, Workspace]
    proxy.expiredCredentials(true)
    await edit(team, a, 'a-1')
    const seen = await requestsDuring(() => expectSyncShowsFault(team, a, 'auth'))
    expect(seen).toHaveLength(1)
    expect(a.status.online).toBe(true) // storage answered; it refused us
    await edit(team, b, 'b-1')
    await expectSyncShowsFault(team, b, 'auth')

    // The app restarts while the token is still expired: the edits and the outbox are on disk.
    const index = devices.findIndex((d) => d.client.deviceId === a.deviceId)
    const reopened = await devices[index]!.reopen()
    devices[index] = reopened
    const a2 = await reopened.client.workspace(a.id)
    team.workspaces[0] = a2
    expect(a2.status.pendingChanges).toBeGreaterThan(0)
    await expectNothingLostLocally(a2, ['a-1'])

    proxy.clear() // new credentials
    await expectConvergence(team)
  })
})
