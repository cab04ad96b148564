// Storage the user owns misbehaves: an old backup restored over it, a wiped folder, one of
// several locations down. Devices keep their state, say so, and repair what storage lost.

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalFolderStorage } from '@clientful/storage-local'
import { createMemoryStorage } from '@clientful/storage-memory'
import { StorageError } from '../src/storage/storage-error.ts'
import type { UserStorage } from '../src/storage/user-storage.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, type TestDevice } from './support/devices.ts'

type Tasks = Record<string, string>

describe('storage health', () => {
  let root: string
  const devices: TestDevice[] = []
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'clientful-health-'))
  })
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
    await rm(root, { recursive: true, force: true })
  })

  async function pair(open: (url: string) => Promise<UserStorage>, url: string): Promise<[Workspace, Workspace]> {
    const a = await createDevice(open)
    const b = await createDevice(open)
    devices.push(a, b)
    const wsA = await a.client.createWorkspace({ name: 'Health', storage: url })
    const wsB = await b.client.join(await wsA.createInvite())
    return [wsA, wsB]
  }

  const edit = async (ws: Workspace, key: string) => (await ws.doc<Tasks>('tasks')).change((d) => void (d[key] = key))
  const tasks = async (ws: Workspace) => A.toJS((await ws.doc<Tasks>('tasks')).doc())

  it('an old copy restored over the folder: readers keep their state and say so; the writer re-uploads what is missing', async () => {
    const folder = join(root, 'storage')
    const url = `file://${folder}`
    const open = async () => createLocalFolderStorage(folder)
    const [a, b] = await pair(open, url)
    await edit(a, 'one')
    await a.sync()
    await cp(folder, join(root, 'backup'), { recursive: true })
    await edit(a, 'two')
    await a.sync()
    await edit(a, 'three')
    await a.sync()
    await b.sync()
    expect(await tasks(b)).toEqual({ one: 'one', two: 'two', three: 'three' })

    await rm(folder, { recursive: true })
    await cp(join(root, 'backup'), folder, { recursive: true })
    const behind = await b.sync()
    expect(behind.pulled.behind).toEqual([a.deviceId])
    expect(b.status.storage).toBe('behind')
    expect(await tasks(b)).toEqual({ one: 'one', two: 'two', three: 'three' })

    await a.sync()
    expect(a.status.storages[0]!.restored).toBe(2)
    await b.sync()
    expect(b.status.storage).toBe('ok')

    const c = await createDevice(open)
    devices.push(c)
    const wsC = await c.client.join(await a.createInvite())
    await wsC.sync()
    expect(await tasks(wsC)).toEqual({ one: 'one', two: 'two', three: 'three' })
  })

  it('a wiped folder is rebuilt from what the devices hold', async () => {
    const folder = join(root, 'storage')
    const open = async () => createLocalFolderStorage(folder)
    const [a, b] = await pair(open, `file://${folder}`)
    await edit(a, 'x')
    await a.sync()
    await b.sync()
    await rm(folder, { recursive: true })
    await a.sync()
    await b.sync()
    expect(await tasks(b)).toEqual({ x: 'x' })
    const c = await createDevice(open)
    devices.push(c)
    const wsC = await c.client.join(await a.createInvite())
    await wsC.sync()
    expect(await tasks(wsC)).toEqual({ x: 'x' })
  })

  it('several storage locations: each has its own health, and sync goes on while one is down', async () => {
    let firstDown = false
    const first = createMemoryStorage('memory://first', {
      faults: () => (firstDown ? new StorageError('unreachable', 'memory://first', 'test outage') : undefined),
    })
    const second = createMemoryStorage('memory://second')
    const open = async (url: string) => (url === 'memory://first' ? first : second)
    const [a, b] = await pair(open, 'memory://first')
    await a.addStorage('memory://second')
    await edit(a, 'both')
    await a.sync()
    await b.sync() // the location is team-wide: B follows it
    expect(b.storageUrls).toEqual(['memory://first', 'memory://second'])
    expect((await second.list(`${a.id}/log/`)).length).toBe(1)

    firstDown = true
    await edit(a, 'only-second')
    const report = await a.sync()
    expect(report.pushed.envelopes).toBe(1)
    expect(a.status.storages.map((s) => [s.url, s.state, s.errorKind])).toEqual([
      ['memory://first', 'error', 'unreachable'],
      ['memory://second', 'ok', undefined],
    ])
    expect(a.status.pendingChanges).toBeGreaterThan(0) // the first location still lacks it
    await b.sync()
    expect(await tasks(b)).toEqual({ both: 'both', 'only-second': 'only-second' })

    firstDown = false
    await a.sync()
    expect(a.status.pendingChanges).toBe(0)
    expect(a.status.storages.every((s) => s.state === 'ok')).toBe(true)

    await a.removeStorage('memory://second')
    await a.sync()
    await b.sync()
    expect(b.storageUrls).toEqual(['memory://first'])
  })
})
