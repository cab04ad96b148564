// The e2e `test`: Playwright's, plus the services global-setup.ts started and `newDevice`,
// which opens a device (its own browser context) and closes it after the test, passed or not.

import { test as base } from '@playwright/test'
import { openDevice, type Device } from './device.ts'
import { e2eServices, type E2eServices } from './services.ts'

export { expect } from '@playwright/test'

export const test = base.extend<{ services: E2eServices; newDevice: (name: string) => Promise<Device> }>({
  services: async ({}, use) => {
    await use(e2eServices())
  },
  newDevice: async ({ browser, services }, use) => {
    const opened: Device[] = []
    await use(async (name) => {
      const device = await openDevice(browser, services, name)
      opened.push(device)
      return device
    })
    for (const device of opened) await device.close()
  },
})
