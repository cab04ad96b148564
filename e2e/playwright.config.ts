// Whole-system tests: the built example app (example-app/dist, served under a sub-path) in
// real Chromium, against a real relay (with Redis fan-out), a real S3-compatible server and
// nothing mocked. `npm run test:e2e` builds first; global-setup.ts starts the services.

import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'

// The S3 SDK warns once per process that 2027 releases need Node 22 (TOOLCHAIN.md: pinned).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export default defineConfig({
  testDir: import.meta.dirname,
  testMatch: '*.spec.ts',
  outputDir: resolve(import.meta.dirname, 'test-results'),
  globalSetup: resolve(import.meta.dirname, 'global-setup.ts'),
  workers: 1, // a 2-core machine: two browser contexts per test are load enough
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: resolve(import.meta.dirname, 'results.json') }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
})
