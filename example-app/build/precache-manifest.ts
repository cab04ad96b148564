// Build step for the example app's service worker (no plugin dependency): after the bundle is
// written in memory, put the list of build files and a version derived from them into sw.js,
// so every deploy installs a new worker that precaches exactly its own files.

import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'

const PLACEHOLDER = /(["'`])__CLIENTFUL_PRECACHE__\1/

export function precacheManifest(serviceWorkerFile: string): Plugin {
  return {
    name: 'clientful-precache-manifest',
    apply: 'build',
    enforce: 'post', // after Vite has emitted index.html
    generateBundle(_options, bundle) {
      const worker = bundle[serviceWorkerFile]
      if (!worker || worker.type !== 'chunk') return this.error(`${serviceWorkerFile} is not in the bundle`)
      if (!PLACEHOLDER.test(worker.code)) return this.error(`${serviceWorkerFile} lost its precache placeholder`)
      const files = Object.keys(bundle)
        .filter((file) => file !== serviceWorkerFile && !file.endsWith('.map') && file !== 'config.json')
        .sort()
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(files.includes('index.html') ? '' : 'no-index')
        .digest('hex')
        .slice(0, 16)
      const manifest = { version, files: ['./', ...files.filter((file) => file !== 'index.html'), 'index.html'] }
      // A JS string literal holding the JSON: the worker JSON.parse()s it.
      worker.code = worker.code.replace(PLACEHOLDER, JSON.stringify(JSON.stringify(manifest)))
    },
  }
}
