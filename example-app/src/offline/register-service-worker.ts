// Registers the service worker (built apps only: the dev server has none) and keeps whether a
// new version is installed and waiting. A waiting version takes over only when the user asks
// (applyUpdate: the new worker activates, then the page reloads), so a page never runs with
// two versions' files. Offline reload is a bonus: if the browser refuses the worker, the app
// works exactly the same online.

import { registerSW } from 'virtual:pwa-register'

export interface AppUpdates {
  /** A new version is installed and waits for the user. */
  readonly waiting: () => boolean
  subscribe(listener: () => void): () => void
  /** Switches to the waiting version and reloads the page. */
  applyUpdate(): Promise<void>
  /** Asks the server whether there is a new version now (also done hourly and when the tab comes back). */
  check(): Promise<void>
}

const CHECK_EVERY_MS = 60 * 60_000

export function registerServiceWorker(): AppUpdates {
  const listeners = new Set<() => void>()
  let waiting = false
  let registration: ServiceWorkerRegistration | undefined
  const check = async (): Promise<void> => {
    await registration?.update().catch(() => undefined) // offline: next time
  }
  const noUpdates: AppUpdates = { waiting: () => false, subscribe: () => () => undefined, applyUpdate: async () => location.reload(), check: async () => undefined }
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return noUpdates
  const updateSW = registerSW({
    onNeedRefresh() {
      waiting = true
      for (const listener of [...listeners]) listener()
    },
    onRegisteredSW(_url, registered) {
      registration = registered
      setInterval(() => void check(), CHECK_EVERY_MS)
      document.addEventListener('visibilitychange', () => void (document.visibilityState === 'visible' && check()))
    },
    onRegisterError(error: unknown) {
      console.warn('offline support unavailable:', error)
    },
  })
  return {
    waiting: () => waiting,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    applyUpdate: () => updateSW(true),
    check,
  }
}
