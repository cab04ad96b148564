// Registers ./sw.js (next to index.html, so its scope is the app's own sub-path) in built
// apps only: the dev server has no precache manifest. Offline reload is a bonus: if the
// browser refuses the worker, the app works exactly the same online.

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    console.warn('offline support unavailable:', error)
  })
}
