// The e2e suite's devices are clientful/testing/playwright's (browser contexts with a network
// switch), opened against the services global-setup.ts started.

import type { Browser } from '@playwright/test'
import { openDevice as openClientfulDevice, type Device } from 'clientful/testing/playwright'
import type { E2eServices } from './services.ts'

export type { Device }

export function openDevice(browser: Browser, services: E2eServices, name: string): Promise<Device> {
  return openClientfulDevice(browser, { name, relayUrl: services.relayUrl })
}
