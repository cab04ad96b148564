// `npm run test:packages`: the published packages as an app outside this repository gets them —
// packed with npm, installed from the tarballs, imported in Node, in a Vite build run in
// Chromium and through TypeScript; and create-clientful-app scaffolding an app whose own test
// passes. global-setup.ts builds and packs once.

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
