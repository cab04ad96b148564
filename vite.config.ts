// One Vite config for the repo: it builds the example app as relative-path static files
// (deployable under any sub-path of any static host) and configures the Node test suites.

import { defineConfig } from 'vitest/config'
import wasm from 'vite-plugin-wasm'

export default defineConfig({
  root: 'example-app',
  base: './',
  plugins: [wasm()],
  worker: { format: 'es', plugins: () => [wasm()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  test: {
    root: '.',
    dir: '.',
    include: ['framework/test/**/*.test.ts', 'storage-adapters/*/test/**/*.test.ts', 'relay/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
