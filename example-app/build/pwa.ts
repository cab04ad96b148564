// The board as an installable app that loads offline: vite-plugin-pwa writes the web app
// manifest and a Workbox service worker (sw.js, next to index.html, so its scope is the app's
// own folder wherever it is hosted) that precaches every build file, the ~3.6 MB Automerge wasm
// included. A new deploy installs beside the running one and waits: the app says so and
// reloads on request (src/offline/), so a page never runs one version's code with another's
// assets. config.json (the deployment's settings), the user's storage and the relay are never
// cached: they must fail visibly offline, not be replayed.

import { dirname, resolve } from 'node:path'
import type { Plugin } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const ACCENT = '#2f6fdb'

/**
 * The service worker opens the engine for background uploads (src/offline/background-upload.ts):
 * it takes Automerge without its self-loading wasm (a service worker may not await at the top
 * level) and loads the precached wasm itself; the AWS SDK's XML parser that needs no DOM; and the
 * packages' sources, as the app does.
 */
function serviceWorkerBuild(conditions: readonly string[]): Plugin {
  return {
    name: 'clientful-board-service-worker',
    enforce: 'pre',
    config: () => ({ resolve: { conditions: [...conditions] } }),
    async resolveId(source, importer) {
      if (source === '@automerge/automerge') return this.resolve('@automerge/automerge/slim', importer, { skipSelf: true })
      // The AWS SDK's browser XML parser needs DOMParser, which workers lack; its other one is plain JS.
      if (source === './xml-parser' && importer?.includes('@aws-sdk/xml-builder')) return resolve(dirname(importer), 'xml-parser.js')
      return null
    },
  }
}

export function boardPwa(conditions: readonly string[]) {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/offline',
    filename: 'sw.ts',
    registerType: 'prompt',
    injectRegister: false, // src/offline/register-service-worker.ts registers it (production builds only)
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
    injectManifest: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      rollupFormat: 'iife',
      buildPlugins: { vite: [serviceWorkerBuild(conditions)] },
    },
  })
}
