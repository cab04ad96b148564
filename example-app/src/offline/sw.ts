// The board's service worker (built by vite-plugin-pwa's injectManifest from this file):
// Workbox precaches every build file (the list is injected at self.__WB_MANIFEST), serves
// pages from the precache so the app reloads with no network, and takes over from an older
// version only when the page asks (SKIP_WAITING, after the user chose "Reload to update").
// config.json, the user's storage and the relay are never cached: they must fail visibly
// offline, not be replayed. Where the browser has Background Sync, edits still waiting when
// the last tab closed upload when the network is back (background-upload.ts).

/// <reference lib="webworker" />

import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { UPLOAD_TAG } from './background-sync-tag.ts'
import { uploadPendingEdits } from './background-upload.ts'

declare const self: ServiceWorkerGlobalScope & { readonly __WB_MANIFEST: (string | { url: string; revision: string | null })[] }

interface SyncEvent extends ExtendableEvent {
  readonly tag: string
}

const manifest = self.__WB_MANIFEST
precacheAndRoute(manifest)
cleanupOutdatedCaches()
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/config\.json$/] }))
// The first version takes the open page at once (it can reload offline right away); later
// ones wait for the user.
clientsClaim()

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent
  if (sync.tag !== UPLOAD_TAG) return
  const wasm = manifest.map((entry) => (typeof entry === 'string' ? entry : entry.url)).find((url) => /automerge_wasm_bg-[^/]*\.wasm$/.test(url))
  const upload = uploadPendingEdits(self, wasm === undefined ? undefined : new URL(wasm, self.registration.scope).href).catch((error: unknown) => {
    console.warn('background upload failed; the browser tries again later:', error)
    throw error
  })
  sync.waitUntil(upload)
})
