// A "device" is one browser context (its own IndexedDB, keys and service worker) with one
// page, plus a network switch: offline makes the user's storage AND the relay unreachable
// for this device only. setOffline() alone fails fetches but leaves open WebSockets alive
// (TOOLCHAIN.md), so relay sockets go through routeWebSocket, which can close them and
// refuse new ones while the switch is off.

import type { Browser, BrowserContext, Page, WebSocketRoute } from '@playwright/test'
import type { E2eServices } from './services.ts'

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

export async function openDevice(browser: Browser, services: E2eServices, name: string): Promise<Device> {
  const context = await browser.newContext()
  const relayHost = new URL(services.relayUrl).host
  const relaySockets = new Set<WebSocketRoute>()
  let relayReachable = true

  await context.routeWebSocket(
    (url) => url.host === relayHost,
    (socket) => {
      if (!relayReachable) return socket.close({ code: 1011, reason: 'e2e: network is down' })
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
      for (const socket of relaySockets) await socket.close({ code: 1011, reason: 'e2e: network is down' }).catch(() => {})
      relaySockets.clear()
    },
    async goOnline() {
      relayReachable = true
      await context.setOffline(false)
    },
    close: () => context.close(),
  }
}
