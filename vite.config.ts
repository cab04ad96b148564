// One Vite config for the repo: it builds the example app as relative-path static files
// (deployable under any sub-path of any static host) and configures the Node test suites.

import { resolve } from 'node:path'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'
import wasm from 'vite-plugin-wasm'
import { boardPwa } from './example-app/build/pwa.ts'

/** Workspace packages export their sources under this condition: no build needed in the repo. */
const SOURCE_CONDITION = 'clientful-source'

export default defineConfig({
  root: 'example-app',
  base: './',
  plugins: [wasm(), boardPwa([SOURCE_CONDITION, ...defaultClientConditions])],
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  // The Node test suites: vitest resolves with these in Vite's server environment and passes
  // them to its workers as --conditions. Without "module" (as vitest's own default): Node
  // itself would then pick bundler-only builds such as the AWS SDK's dist-es.
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((c) => c !== 'module')] } },
  worker: { format: 'es', plugins: () => [wasm()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: { index: resolve(import.meta.dirname, 'example-app/index.html') },
    },
  },
  test: {
    root: '.',
    dir: '.',
    include: ['framework/test/**/*.test.ts', 'storage-adapters/*/test/**/*.test.ts', 'cli/test/**/*.test.ts', 'relay/test/**/*.test.ts', 'create-clientful-app/test/**/*.test.ts', 'example-app/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
