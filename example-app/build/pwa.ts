// The board as an installable app that loads offline: vite-plugin-pwa writes the web app
// manifest and a Workbox service worker (sw.js, next to index.html, so its scope is the app's
// own folder wherever it is hosted) that precaches every build file, the ~3.6 MB Automerge wasm
// included. A new deploy installs beside the running one and waits: the app says so and
// reloads on request (src/offline/), so a page never runs one version's code with another's
// assets. config.json (the deployment's settings), the user's storage and the relay are never
// cached: they must fail visibly offline, not be replayed.

import { VitePWA } from 'vite-plugin-pwa'

const ACCENT = '#2f6fdb'

export function boardPwa() {
  return VitePWA({
    registerType: 'prompt',
    injectRegister: false, // src/offline/register-service-worker.ts registers it (production builds only)
    filename: 'sw.js',
    manifestFilename: 'manifest.webmanifest',
    includeAssets: ['icons/favicon.svg', 'icons/favicon-32.png', 'icons/apple-touch-icon.png'],
    manifest: {
      id: './',
      name: 'Field board',
      short_name: 'Field board',
      description: 'A field team’s task board that works offline and keeps its data in your own storage.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: ACCENT,
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/\/config\.json$/],
      cleanupOutdatedCaches: true,
      // The first install takes the open page at once (it can reload offline right away);
      // an update waits for the user (skipWaiting only on their request).
      clientsClaim: true,
      skipWaiting: false,
    },
  })
}
