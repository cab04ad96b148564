// What a sync costs in storage requests, counted on the wire (s3rver behind the fault proxy):
// a quiet sync is one listing per location (devices/, with change tokens), a sync after k
// devices pushed reads those k markers and their envelopes — whatever the size of the team —
// and the membership news that used to need a listing of members/ on every sync still arrives:
// a join, a removal, an invite made outside a sync. Without change tokens everything still
// syncs, at the old price.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { rm } from 'node:fs/promises'
import { openS3Url } from '@clientful/storage-s3'
import { createMemoryStorage } from '@clientful/storage-memory'
import { startS3rver, type RunningS3rver } from '../../scripts/services/s3rver.ts'
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../../scripts/services/fault-proxy.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

type Notes = Record<string, string>
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

describe('the cost of a sync', () => {
  let s3rver: RunningS3rver
  let proxy: FaultProxy
  let teams = 0
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
    for (const device of devices.splice(0)) {
      await device.close()
      await rm(device.home, { recursive: true, force: true })
    }
  })

  /** A founder and `size - 1` writers on a fresh prefix, through the proxy, everyone in step. */
  async function team(size: number, open?: (url: string) => Promise<UserStorage>): Promise<Workspace[]> {
    const url = `s3://${s3rver.bucket}/cost-${++teams}?endpoint=${encodeURIComponent(proxy.endpoint)}&region=us-east-1`
    const opener = open ?? ((u: string) => openS3Url(u, CREDENTIALS))
    const founder = await createDevice(opener)
    devices.push(founder)
    const workspaces = [await founder.client.createWorkspace({ name: 'Cost', storage: url })]
    for (let i = 1; i < size; i++) {
      const device = await createDevice(opener)
      devices.push(device)
      workspaces.push(await device.client.join(await workspaces[0]!.createInvite({ role: 'writer' })))
    }
    for (const ws of workspaces) await edit(ws, ws.deviceId.slice(0, 8), 'hello')
    await inStep(workspaces)
    return workspaces
  }

  async function edit(ws: Workspace, key: string, value: string): Promise<void> {
    ;(await ws.doc<Notes>('notes')).change((d) => void (d[key] = value))
  }

  /** Two rounds: everything anyone pushed reaches everyone, and every marker is known. */
  async function inStep(workspaces: readonly Workspace[]): Promise<void> {
    for (let round = 0; round < 2; round++) for (const ws of workspaces) await ws.sync()
  }

  /** The requests one sync of `ws` sent to storage. */
  async function requestsOf(ws: Workspace): Promise<ProxiedRequest[]> {
    const before = proxy.requests.length
    await ws.sync()
    return proxy.requests.slice(before)
  }

  const describeRequests = (requests: readonly ProxiedRequest[]) => requests.map((r) => `${r.kind} ${r.key.replace(/^cost-\d+\/[0-9a-f]+\//, '')}`)

  it('a quiet sync is one listing per location, whatever the size of the team', async () => {
    for (const size of [2, 6]) {
      const workspaces = await team(size)
      for (const ws of workspaces) {
        const requests = await requestsOf(ws)
        expect(describeRequests(requests)).toEqual(['list devices/'])
      }
    }
  })

  it('a sync after k devices pushed reads k markers and their envelopes, and one listing of members/', async () => {
    const workspaces = await team(6)
    const [reader, ...others] = workspaces as [Workspace, ...Workspace[]]
    const pushers = others.slice(0, 2)
    for (const ws of pushers) {
      await edit(ws, 'k', ws.deviceId)
      await ws.sync()
    }
    const requests = await requestsOf(reader)
    const kinds = describeRequests(requests).map((r) => r.replace(/[0-9a-f]{64}/g, 'D').replace(/\d{12}/, 'N'))
    expect(kinds.sort()).toEqual(['list devices/', 'list members/', 'read devices/D.json', 'read devices/D.json', 'read log/D/N.json', 'read log/D/N.json'])
    const notes = (await reader.doc<Notes>('notes')).doc()
    expect(pushers.map((ws) => ws.deviceId)).toContain(notes.k)
    // And once more, with nothing new: back to one listing.
    expect(describeRequests(await requestsOf(reader))).toEqual(['list devices/'])
  })

  it('with two locations, a quiet sync is one listing in each', async () => {
    const workspaces = await team(2)
    const second = `s3://${s3rver.bucket}/cost-${++teams}?endpoint=${encodeURIComponent(proxy.endpoint)}&region=us-east-1`
    await workspaces[0]!.addStorage(second)
    await inStep(workspaces)
    await inStep(workspaces)
    for (const ws of workspaces) expect(describeRequests(await requestsOf(ws)).map((r) => r.replace(/^cost-\d+\/[0-9a-f]+\//, ''))).toEqual(['list devices/', 'list devices/'])
  })

  it('a pusher pays one read of its own marker on its next sync, then nothing', async () => {
    const [ws] = await team(3)
    await edit(ws!, 'mine', 'x')
    await ws!.sync()
    expect(describeRequests(await requestsOf(ws!)).map((r) => r.replace(/[0-9a-f]{64}/, 'D'))).toEqual(['list devices/', 'read devices/D.json'])
    expect(describeRequests(await requestsOf(ws!))).toEqual(['list devices/'])
  })

  it('a reader that joins (no log of its own) is heard by the others and gets the key', async () => {
    const workspaces = await team(2)
    const [admin, writer] = workspaces as [Workspace, Workspace]
    const device = await createDevice((u: string) => openS3Url(u, CREDENTIALS))
    devices.push(device)
    const reader = await device.client.join(await admin.createInvite({ role: 'reader' }))
    await reader.sync()
    // The writer hears of the join from the reader's marker, and rotates or grants it the key as usual.
    await writer.sync()
    await admin.sync()
    await edit(writer, 'after-join', 'visible')
    await writer.sync()
    await reader.sync()
    await reader.sync()
    expect((await reader.doc<Notes>('notes')).doc()['after-join']).toBe('visible')
    expect(writer.membership.devices.has(reader.deviceId)).toBe(true)
  })

  it('a removal reaches every device at its next sync', async () => {
    const workspaces = await team(4)
    const [admin, removed, ...rest] = workspaces as [Workspace, Workspace, ...Workspace[]]
    await admin.removeMember(removed.parts.deps.identity.userId)
    await admin.sync()
    for (const ws of rest) {
      await ws.sync()
      expect(ws.membership.members.get(removed.parts.deps.identity.userId)?.removed).toBe(true)
    }
  })

  it('without change tokens every marker is read, and everything still syncs', async () => {
    const open = async (u: string): Promise<UserStorage> => {
      const { listWithTokens: _, ...plain } = await openS3Url(u, CREDENTIALS)
      return plain
    }
    const workspaces = await team(4, open)
    const [ws, other] = workspaces as [Workspace, Workspace]
    const quiet = describeRequests(await requestsOf(ws))
    expect(quiet.filter((r) => r.startsWith('read devices/'))).toHaveLength(4)
    expect(quiet).toContain('list members/')
    await edit(other, 'late', 'yes')
    await other.sync()
    await ws.sync()
    expect((await ws.doc<Notes>('notes')).doc().late).toBe('yes')
  })
})

describe('a membership backlog larger than one pull fetches', () => {
  it('keeps listing members/ on the following syncs until every entry is fetched, with no marker moving', async () => {
    const { signEntry, hashRecord } = await import('../src/membership/entries.ts')
    const { encodeRecord } = await import('../src/format/signed-record.ts')
    const { paths } = await import('../src/format/paths.ts')
    const { PULL_FETCH_LIMIT } = await import('../src/membership/pull-entries.ts')
    const { announceEntries } = await import('./support/forge.ts')
    const storage = createMemoryStorage('memory://backlog')
    const open = storageRegistry({ [storage.location]: storage })
    const [one, two] = [await createDevice(open), await createDevice(open)]
    try {
      const admin = await one.client.createWorkspace({ name: 'Backlog', storage: storage.location })
      const other = await two.client.join(await admin.createInvite({ role: 'writer' }))
      await admin.sync()
      await other.sync()
      // More entries than one pull fetches, uploaded behind the admin's back and announced once.
      const extra = PULL_FETCH_LIMIT + 40
      for (let i = 0; i < extra; i++) {
        const entry = await signEntry({ ws: admin.id, type: 'grant', parents: admin.parts.membership.state.heads, author: admin.deviceId, body: { lockboxes: [] }, at: 1000 + i }, admin.parts.deps.identity.signing.privateKey)
        await storage.write(paths.memberEntry(admin.id, await hashRecord(entry)), encodeRecord(entry))
      }
      await announceEntries(storage, admin)
      const before = other.parts.membership.size
      await other.sync()
      expect(other.parts.membership.size - before).toBe(PULL_FETCH_LIMIT)
      await other.sync()
      expect(other.parts.membership.size - before).toBe(extra)
    } finally {
      await one.close()
      await two.close()
    }
  })
})

describe('change tokens kept across restarts', () => {
  it('a device back after a restart reads only the markers that changed while it was away', async () => {
    const inner = createMemoryStorage('memory://restart')
    const reads: string[] = []
    const storage: UserStorage = { ...inner, read: (path, options) => (reads.push(path), inner.read(path, options)) }
    const open = storageRegistry({ [storage.location]: storage })
    const founder = await createDevice(open)
    const other = await createDevice(open)
    try {
      const a = await founder.client.createWorkspace({ name: 'Restart', storage: storage.location })
      const b = await other.client.join(await a.createInvite({ role: 'writer' }))
      for (const ws of [a, b, a, b]) {
        ;(await ws.doc<Notes>('notes')).change((d) => void (d[ws.deviceId.slice(0, 6)] = 'x'))
        await ws.sync()
      }
      await a.sync()
      await b.sync()
      const heads = A.getHeads((await a.doc<Notes>('notes')).doc())
      const reopened = await other.reopen()
      const again = await reopened.client.workspace(b.id)
      reads.length = 0
      await again.sync()
      // The first sync of a session lists members/ (fetching nothing new) and reads no marker.
      expect(reads.filter((p) => p.includes('/devices/'))).toEqual([])
      expect(A.getHeads((await again.doc<Notes>('notes')).doc())).toEqual(heads)
      // Away again: only the marker that changed meanwhile is read.
      await reopened.close()
      ;(await a.doc<Notes>('notes')).change((d) => void (d.later = 'y'))
      await a.sync()
      const third = await other.reopen()
      reads.length = 0
      await (await third.client.workspace(b.id)).sync()
      expect(reads.filter((p) => p.includes('/devices/'))).toEqual([`${a.id}/devices/${a.deviceId}.json`])
      await third.close()
    } finally {
      await founder.close()
      await other.close().catch(() => undefined)
    }
  })
})
