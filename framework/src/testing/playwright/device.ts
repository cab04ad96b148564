// A "device" is one browser context (its own IndexedDB, keys and service worker: one browser
// profile) with one page, plus a network switch: offline makes the user's storage AND the relay
// unreachable for this device only. setOffline() alone fails fetches but leaves open
// WebSockets alive, so relay sockets go through routeWebSocket, which can close them and
// refuse new ones while the switch is off.

import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test'
import { TEST_HOOK } from '../test-hook-key.ts'

export interface Device {
  readonly name: string
  readonly context: BrowserContext
  readonly page: Page
  /** Another tab of this device (same profile): it follows the tab that runs the engine. */
  openTab(name: string): Promise<Page>
  /** Storage and relay unreachable for this device: fetches fail, relay sockets drop. */
  goOffline(): Promise<void>
  goOnline(): Promise<void>
  close(): Promise<void>
}

export interface DeviceOptions {
  readonly name: string
  /** The relay's ws:// URL: its sockets are the ones goOffline() closes. */
  readonly relayUrl: string
  /**
   * Ask openBrowserClient to expose the device's client to the test (window.__clientfulTest),
   * so the test can create and join workspaces without the app's UI. Default true.
   */
  readonly testHook?: boolean
}

export async function openDevice(browser: Browser, options: DeviceOptions): Promise<Device> {
  const { name, relayUrl, testHook = true } = options
  const context = await browser.newContext()
  const relayHost = new URL(relayUrl).host
  const relaySockets = new Set<WebSocketRoute>()
  let relayReachable = true

  if (testHook) await context.addInitScript((key) => void ((window as unknown as Record<string, unknown>)[key] ??= {}), TEST_HOOK)
  await context.routeWebSocket(
    (url) => url.host === relayHost,
    (socket) => {
      if (!relayReachable) return socket.close({ code: 1011, reason: 'test: network is down' })
      socket.connectToServer() // frames pass through untouched
      relaySockets.add(socket)
    },
  )
  const newTab = async (tab: string): Promise<Page> => {
    const page = await context.newPage()
    page.on('pageerror', (error) => console.error(`[${tab}] page error:`, error))
    return page
  }
  const page = await newTab(name)

  return {
    name,
    context,
    page,
    openTab: (tab) => newTab(`${name}/${tab}`),
    async goOffline() {
      relayReachable = false
      await context.setOffline(true)
      for (const socket of relaySockets) await socket.close({ code: 1011, reason: 'test: network is down' }).catch(() => {})
      relaySockets.clear()
    },
    async goOnline() {
      relayReachable = true
      await context.setOffline(false)
    },
    close: () => context.close(),
  }
}
