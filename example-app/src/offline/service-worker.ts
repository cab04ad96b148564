// The board's service worker: the built app reloads with no network. It precaches the app
// shell and every same-origin build file (the ~3.6 MB Automerge wasm included) on install,
// serves pages network-first (fresh deploys win when online) and hashed assets cache-first.
// It never touches config.json (the deployment's current settings) or cross-origin requests
// (the user's storage and the relay): those must fail visibly offline, not be replayed.
//
// No imports: the build emits this file as /sw.js (relative to the app) and replaces the
// placeholder below with the list of build files (example-app/build/precache-manifest.ts).

interface PrecacheManifest {
  readonly version: string
  readonly files: readonly string[]
}

interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void
}

interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}

interface ServiceWorkerScope {
  readonly registration: { readonly scope: string }
  readonly location: Location
  readonly clients: { claim(): Promise<void> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void
}

const worker = self as unknown as ServiceWorkerScope
const manifest = JSON.parse('__CLIENTFUL_PRECACHE__') as PrecacheManifest
const CACHE_PREFIX = 'clientful-board-'
const CACHE = CACHE_PREFIX + manifest.version
const scoped = (file: string): string => new URL(file, worker.registration.scope).href

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE)
      // `reload`: never precache a stale copy out of the HTTP cache.
      await cache.addAll(manifest.files.map((file) => new Request(scoped(file), { cache: 'reload' })))
      await worker.skipWaiting()
    })(),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name)
      }
      await worker.clients.claim()
    })(),
  )
})

worker.addEventListener('fetch', (event) => {
  const { request } = event
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== worker.location.origin || !url.href.startsWith(worker.registration.scope)) return
  if (url.pathname.endsWith('/config.json')) return
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request))
})

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(scoped('./'), response.clone())
    return response
  } catch (error) {
    const cached = (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match(scoped('./')))
    if (cached) return cached
    throw error
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  // Files of a newer deploy (hashed names) join the cache as they are first used.
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone())
  return response
}

export {}
