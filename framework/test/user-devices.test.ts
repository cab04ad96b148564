// One person, many devices: linking by code, listing and removing devices, and the recovery
// kit that restores identity and workspaces on a new device.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createMemoryStorage } from '@clientful/storage-memory'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'
import { forceWrite } from './support/forge.ts'

type Tasks = Record<string, string>

describe('a person with several devices', () => {
  const devices: TestDevice[] = []
  let now = 1_000_000
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close()
  })

  async function setup() {
    const storages = { 'memory://one': createMemoryStorage('memory://one'), 'memory://two': createMemoryStorage('memory://two') }
    const open = storageRegistry(storages)
    const device = async () => {
      const d = await createDevice(open, { now: () => now })
      devices.push(d)
      return d
    }
    const laptop = await device()
    const first = await laptop.client.createWorkspace({ name: 'Crew', storage: 'memory://one' })
    const second = await laptop.client.createWorkspace({ name: 'Home', storage: 'memory://two' })
    return { device, laptop, first, second, storages }
  }

  it('links a second device by code: it gets every workspace of the user, as the same member', async () => {
    const { device, laptop, first, second } = await setup()
    ;(await first.doc<Tasks>('tasks')).change((d) => void (d.t = 'from laptop'))
    await first.sync()
    const code = await laptop.client.createDeviceLink()
    expect(code).toMatch(/^cl1\./)
    const phone = await device()
    const linked = await phone.client.linkThisDevice(code)
    expect(phone.client.userId).toBe(laptop.client.userId)
    expect(linked.map((ws) => ws.name).sort()).toEqual(['Crew', 'Home'])
    const phoneCrew = linked.find((ws) => ws.id === first.id)!
    await phoneCrew.sync()
    expect(A.toJS((await phoneCrew.doc<Tasks>('tasks')).doc())).toEqual({ t: 'from laptop' })
    expect(phoneCrew.role).toBe('admin')

    ;(await phoneCrew.doc<Tasks>('tasks')).change((d) => void (d.p = 'from phone'))
    await phoneCrew.sync()
    await first.sync()
    await second.sync()
    expect((await first.doc<Tasks>('tasks')).doc().p).toBe('from phone')
    const list = await laptop.client.devices()
    expect(list.map((d) => d.deviceId).sort()).toEqual([laptop.client.deviceId, phone.client.deviceId].sort())
    expect(list.every((d) => d.workspaces.length === 2)).toBe(true)
  })

  it('a link code is single use, expires, and refuses garbage', async () => {
    const { device, laptop } = await setup()
    const code = await laptop.client.createDeviceLink(60_000)
    const phone = await device()
    await phone.client.linkThisDevice(code)
    for (const ws of await laptop.client.openAll()) await ws.sync()
    await laptop.client.cleanupDeviceLinks()
    const tablet = await device()
    await expect(tablet.client.linkThisDevice(code)).rejects.toThrow(/was used, has expired/)

    const late = await laptop.client.createDeviceLink(60_000)
    now += 120_000
    await expect((await device()).client.linkThisDevice(late)).rejects.toThrow(/expired/)
    await expect((await device()).client.linkThisDevice('cl1.nope.nope')).rejects.toThrow(/invalid device link code/)
  })

  it('removing a device (a lost phone) everywhere: it can no longer write or read new data', async () => {
    const { device, laptop, first, second } = await setup()
    const phone = await device()
    const [phoneCrew] = (await phone.client.linkThisDevice(await laptop.client.createDeviceLink())).filter((ws) => ws.id === first.id) as [Workspace]
    await first.sync()
    await second.sync()
    const changed = await laptop.client.removeDevice(phone.client.deviceId)
    expect(changed).toHaveLength(2)
    await first.sync()
    await forceWrite(createMemoryStorageFor(phoneCrew), phoneCrew, 'tasks', 'lost', 'phone')
    await first.sync()
    expect((await first.doc<Tasks>('tasks')).doc().lost).toBeUndefined()
    expect(phoneCrew.parts.keyring.has(first.currentKeys().id)).toBe(false)
    expect((await laptop.client.devices()).map((d) => d.deviceId)).toEqual([laptop.client.deviceId])
  })

  it('a recovery kit restores identity and every workspace on a new device, including later data', async () => {
    const { device, laptop, first, second } = await setup()
    const kit = await laptop.client.createRecoveryKit()
    expect(kit).toContain('CLIENTFUL RECOVERY KIT')
    expect(kit).toMatch(/cr1\./)
    // After the kit: a rotation, and new data under the new epoch.
    await first.rotateKeys()
    ;(await first.doc<Tasks>('tasks')).change((d) => void (d.after = 'kit'))
    await first.sync()
    await second.sync()

    const replacement = await device()
    const restored = await replacement.client.restoreFromKit(kit)
    expect(replacement.client.userId).toBe(laptop.client.userId)
    expect(restored.map((ws) => ws.name).sort()).toEqual(['Crew', 'Home'])
    const crew = restored.find((ws) => ws.id === first.id)!
    await crew.sync()
    expect((await crew.doc<Tasks>('tasks')).doc().after).toBe('kit')
    expect(crew.role).toBe('admin')
  })

  it('without the kit nobody can restore, and a new kit retires the old one', async () => {
    const { device, laptop, first } = await setup()
    const oldKit = await laptop.client.createRecoveryKit()
    const newKit = await laptop.client.createRecoveryKit()
    await first.sync()
    await expect((await device()).client.restoreFromKit(oldKit)).rejects.toThrow(/retired/)
    await expect((await device()).client.restoreFromKit('cr1.forged.kit')).rejects.toThrow(/invalid recovery kit/)
    const restored = await (await device()).client.restoreFromKit(newKit)
    expect(restored).toHaveLength(2)
  })
})

/** The workspace's own storage object, for writing as a (removed) device would. */
function createMemoryStorageFor(ws: Workspace) {
  return {
    location: ws.config.storage,
    read: async (p: string) => (await ws.storage()).read(p),
    write: async (p: string, d: Uint8Array) => (await ws.parts.deps.openStorage(ws.config.storage)).write(p, d),
    delete: async (p: string) => (await ws.storage()).delete(p),
    list: async (p: string) => (await ws.storage()).list(p),
  }
}
