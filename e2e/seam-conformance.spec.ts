// The framework's seams in real Chromium: the same conformance cases the Node suites run, on
// the browser's implementations — IndexedDBAdapter, IndexedDBKeyStore, the browser's WebSocket
// (against a real echo server), WebCrypto and the pure-JS provider, Date.now. One Playwright
// test per case. (The storage seam has its own: storage-conformance.spec.ts.)

import { expect, test, type Page } from '@playwright/test'
import {
  clockConformanceCases,
  cryptoConformanceCases,
  keyStoreConformanceCases,
  localPersistenceConformanceCases,
  relayTransportConformanceCases,
} from 'clientful/testing'
import { startEchoServer, type RunningEchoServer } from 'clientful/testing/node'
import { serveSeamPage, type ServedSeamPage } from './seam-page/serve-seam-page.ts'
import type { Suite } from './seam-page/seam-page.ts'

const SUITES: Readonly<Record<Suite, string[]>> = {
  persistence: localPersistenceConformanceCases().map((c) => c.name),
  keys: keyStoreConformanceCases().map((c) => c.name),
  transport: relayTransportConformanceCases().map((c) => c.name),
  clock: clockConformanceCases().map((c) => c.name),
  'crypto:webcrypto': cryptoConformanceCases().map((c) => c.name),
  'crypto:noble': cryptoConformanceCases().map((c) => c.name),
  'crypto:webcrypto+noble': cryptoConformanceCases().map((c) => c.name),
}

test.describe.configure({ mode: 'serial' })

let served: ServedSeamPage
let echo: RunningEchoServer
let page: Page

test.beforeAll(async ({ browser }) => {
  ;[served, echo] = await Promise.all([serveSeamPage(), startEchoServer()])
  page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(served.url)
  await page.waitForFunction(() => window.seamPage !== undefined)
  expect(pageErrors).toEqual([])
})

test.afterAll(async () => {
  await page?.close()
  await echo?.close()
  await served?.close()
})

test('the page runs the same cases as Node', async () => {
  for (const [suite, names] of Object.entries(SUITES)) expect(await page.evaluate((s) => window.seamPage.caseNames(s as Suite), suite)).toEqual(names)
})

for (const [suite, names] of Object.entries(SUITES) as [Suite, string[]][]) {
  test.describe(`${suite} in Chromium`, () => {
    for (const name of names) {
      test(name, async () => {
        const options = { echoUrl: echo.url, refusedUrl: echo.refusedUrl }
        const outcome = await page.evaluate(([s, n, o]) => window.seamPage.runCase(s, n, o), [suite, name, options] as const)
        expect(outcome.error, `${suite}: ${name}`).toBeUndefined()
        expect(outcome.ok).toBe(true)
      })
    }
  })
}
