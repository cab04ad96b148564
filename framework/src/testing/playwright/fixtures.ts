// Playwright fixtures for a Clientful app's own tests. Per worker: an S3-compatible server
// (s3rver) and a relay on free ports, and the app's build served with a config.json pointing
// at them. Per test: devices (browser contexts, each its own profile with a network switch),
// opened on the app and, if asked, already in one workspace; they close after the test.
//
//   import { test, expect, expectConverged } from 'clientful/testing/playwright'
//   test.use({ clientfulApp: { dist: 'dist' } })
//   test('two devices', async ({ devicesInWorkspace }) => {
//     const { devices: [a, b] } = await devicesInWorkspace(2)
//     …; await b.goOffline(); …; await b.goOnline(); await expectConverged([a, b])
//   })

import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { test as base } from '@playwright/test'
import type { Role } from '../../api/role.ts'
import { startLocalServices, type LocalServices } from '../node/local-services.ts'
import { startStaticServer } from '../node/static-server.ts'
import { openDevice, type Device } from './device.ts'
import { createInviteIn, createWorkspaceIn, joinIn, waitForClient } from './in-page.ts'

export interface ClientfulAppOptions {
  /** The app's build folder (e.g. "dist"), relative to the working directory. */
  readonly dist: string
  /** The URL path it is served under. Default "/". */
  readonly basePath?: string
  /**
   * The config.json it gets. Default `services.appConfig(prefix)`:
   * `{ storage: { url, accessKeyId, secretAccessKey }, relay }`.
   */
  readonly config?: (services: LocalServices, prefix: string) => unknown
}

export interface ClientfulServices {
  readonly services: LocalServices
  /** The served app, e.g. http://127.0.0.1:PORT/ */
  readonly appUrl: string
}

export interface WorkspaceDevices {
  readonly workspaceId: string
  /** The founder (admin) first, then one device per role asked for. */
  readonly devices: readonly Device[]
}

export interface DevicesInWorkspaceOptions {
  /** Default "Test workspace". */
  readonly name?: string
  /** Roles of the devices after the founder; default writer for each. */
  readonly roles?: readonly Role[]
}

export interface ClientfulTestFixtures {
  /** Opens a device (a browser context) on the app; it closes after the test. */
  newDevice: (name?: string) => Promise<Device>
  /** `count` devices on the app, all in one new workspace (created and joined through the test hook). */
  devicesInWorkspace: (count: number, options?: DevicesInWorkspaceOptions) => Promise<WorkspaceDevices>
}

export interface ClientfulWorkerFixtures {
  clientfulApp: ClientfulAppOptions
  clientfulServices: ClientfulServices
}

const uniquePrefix = (): string => `t-${randomBytes(6).toString('hex')}`

export const test = base.extend<ClientfulTestFixtures, ClientfulWorkerFixtures>({
  clientfulApp: [{ dist: 'dist' }, { option: true, scope: 'worker' }],
  clientfulServices: [
    async ({ clientfulApp }, use) => {
      const services = await startLocalServices()
      const prefix = uniquePrefix()
      try {
        const app = await startStaticServer({
          root: resolve(clientfulApp.dist),
          basePath: clientfulApp.basePath ?? '/',
          config: clientfulApp.config ? clientfulApp.config(services, prefix) : services.appConfig(prefix),
        })
        try {
          await use({ services, appUrl: app.url })
        } finally {
          await app.close()
        }
      } finally {
        await services.stop()
      }
    },
    { scope: 'worker' },
  ],
  newDevice: async ({ browser, clientfulServices }, use) => {
    const opened: Device[] = []
    await use(async (name = `device ${opened.length + 1}`) => {
      const device = await openDevice(browser, { name, relayUrl: clientfulServices.services.relay.url })
      opened.push(device)
      await device.page.goto(clientfulServices.appUrl)
      return device
    })
    for (const device of opened) await device.close()
  },
  devicesInWorkspace: async ({ newDevice, clientfulServices }, use) => {
    await use(async (count, options = {}) => {
      if (!Number.isInteger(count) || count < 1) throw new TypeError(`devicesInWorkspace: count must be a positive integer (got ${count})`)
      const devices: Device[] = []
      for (let i = 0; i < count; i++) devices.push(await newDevice())
      await Promise.all(devices.map((d) => waitForClient(d.page)))
      const [founder, ...others] = devices as [Device, ...Device[]]
      const { services } = clientfulServices
      const workspaceId = await createWorkspaceIn(founder.page, {
        name: options.name ?? 'Test workspace',
        storage: services.storageUrl(uniquePrefix()),
        relay: services.relay.url,
      })
      for (const [i, device] of others.entries()) {
        const code = await createInviteIn(founder.page, workspaceId, options.roles?.[i] ?? 'writer')
        await joinIn(device.page, code)
      }
      return { workspaceId, devices }
    })
  },
})

export { expect } from '@playwright/test'
