// Which location is the primary, as every device decides it from the team's record: the last
// promotion wins, concurrent promotions resolve the same way everywhere, removing the primary
// promotes another, and the last location cannot be removed.

import { describe, expect, it } from 'vitest'
import { createMemoryStorage } from '@clientful/storage-memory'
import { nextPromotion, teamPrimary } from '../src/workspace/team-locations.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './support/devices.ts'

describe('the primary rule', () => {
  it('the highest promotion not removed; equal promotions go to the URL first in code-unit order', () => {
    expect(teamPrimary({})).toBeUndefined()
    expect(teamPrimary({ a: { url: 's3://a' } })).toBeUndefined()
    expect(teamPrimary({ a: { url: 's3://a', primary: 1 }, b: { url: 'file:///b', primary: 2 } })).toBe('file:///b')
    expect(teamPrimary({ a: { url: 's3://a', primary: 2 }, b: { url: 'file:///b', primary: 2 } })).toBe('file:///b')
    expect(teamPrimary({ a: { url: 's3://a', primary: 1 }, b: { url: 'file:///b', primary: 2, removed: true } })).toBe('s3://a')
    expect(nextPromotion({ a: { url: 's3://a', primary: 4 }, b: { url: 'file:///b' } })).toBe(5)
  })
})

describe('moving the primary between devices', () => {
  async function team(): Promise<{ devices: TestDevice[]; alice: Workspace; bob: Workspace; urls: string[] }> {
    const urls = ['memory://a', 'memory://b', 'memory://c']
    const open = storageRegistry(Object.fromEntries(urls.map((u) => [u, createMemoryStorage(u)])))
    const devices = [await createDevice(open), await createDevice(open)]
    const alice = await devices[0]!.client.createWorkspace({ name: 'Primary', storage: urls[0]! })
    const bob = await devices[1]!.client.join(await alice.createInvite())
    for (const url of urls.slice(1)) await alice.addStorage(url)
    for (const ws of [alice, bob, alice, bob]) await ws.sync()
    return { devices, alice, bob, urls }
  }

  it('two devices promoting different locations at once end with the same primary', async () => {
    const { devices, alice, bob, urls } = await team()
    try {
      expect(bob.storageUrls).toEqual(urls)
      await alice.setPrimaryStorage(urls[2]!)
      await bob.setPrimaryStorage(urls[1]!)
      for (const ws of [alice, bob, alice, bob]) await ws.sync()
      expect(alice.config.storage).toBe(urls[1])
      expect(bob.config.storage).toBe(urls[1])
      expect(new Set(alice.storageUrls)).toEqual(new Set(urls))
    } finally {
      for (const d of devices) await d.close()
    }
  })

  it('removing the primary promotes the next location, and the last one stays', async () => {
    const { devices, alice, bob, urls } = await team()
    try {
      await bob.removeStorage(urls[0]!)
      expect(bob.storageUrls).toEqual([urls[1], urls[2]])
      for (const ws of [bob, alice]) await ws.sync()
      expect(alice.storageUrls).toEqual([urls[1], urls[2]])
      await alice.removeStorage(urls[1]!)
      await expect(alice.removeStorage(urls[2]!)).rejects.toThrow(/add another location first/)
      for (const ws of [alice, bob]) await ws.sync()
      expect(bob.storageUrls).toEqual([urls[2]])
    } finally {
      for (const d of devices) await d.close()
    }
  })
})
