// npm test: builds the app, then runs tests/ in Chromium. clientful/testing/playwright's
// fixtures start s3rver and a relay, serve dist/ with a config.json pointing at them, and open
// devices (browser contexts) already in one workspace.
// Chromium: Playwright's own (`npx playwright install chromium`, once), or set CHROMIUM_PATH.

import { defineConfig } from '@playwright/test'

const chromium = process.env.CHROMIUM_PATH

export default defineConfig({
  testDir: 'tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    ...(chromium && {
      launchOptions: { executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] },
    }),
  },
})
