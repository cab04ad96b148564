// The storage conformance suite inside real Chromium, one Playwright test per case and
// backend: S3 (the AWS SDK over fetch, against s3rver with its CORS-configured bucket from
// global-setup), Google Drive (fetch, against google-drive-mock) and a local folder (File
// System Access API on the origin private file system). The same cases run under vitest in
// Node; this proves the adapters hold in the browser too (CORS, fetch bodies, HTTP cache).

import { expect, test, type Page } from '@playwright/test'
import { storageConformanceCases } from 'clientful/testing'
import { startDriveMock, type RunningDriveMock } from '../scripts/services/drive-mock.ts'
import { serveStoragePage, type ServedStoragePage } from './storage-page/serve-storage-page.ts'
import type { BackendConfig } from './storage-page/storage-page.ts'
import { e2eServices } from './support/services.ts'

type Backend = BackendConfig['kind']

const CASE_NAMES = storageConformanceCases().map((c) => c.name)
const TORN_READ = 'concurrent readers see the old or the new file whole, never a torn one'
const FIVE_MB = 'a 5 MB file round-trips intact'

// What each test double provably cannot do (the same skips as the vitest suites, which prove them).
const GAPS: Readonly<Record<Backend, Readonly<Record<string, string>>>> = {
  s3: { [TORN_READ]: 's3rver rewrites objects in place, so it serves torn reads; real S3 replaces objects atomically' },
  gdrive: {
    [FIVE_MB]: 'google-drive-mock refuses bodies over 100 kB (HTTP 413); real Drive does not',
    [TORN_READ]: 'uses 1 MB files, over google-drive-mock’s 100 kB body limit',
  },
  opfs: {},
}

test.describe.configure({ mode: 'serial' })

let served: ServedStoragePage
let drive: RunningDriveMock
let page: Page
const configs = new Map<Backend, BackendConfig>()

test.beforeAll(async ({ browser }) => {
  const services = e2eServices()
  served = await serveStoragePage()
  drive = await startDriveMock()
  const run = `${Date.now().toString(36)}`
  configs.set('s3', {
    kind: 's3',
    endpoint: services.s3Endpoint,
    bucket: services.bucket,
    prefix: `storage-conformance-${run}`,
    ...services.s3Credentials,
  })
  configs.set('gdrive', { kind: 'gdrive', apiUrl: drive.url, rootFolderId: await drive.createFolder(`conformance-${run}`), token: drive.token })
  configs.set('opfs', { kind: 'opfs', folder: `conformance-${run}` })
  page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(served.url)
  await page.waitForFunction(() => window.storagePage !== undefined)
  expect(pageErrors).toEqual([])
})

test.afterAll(async () => {
  await page?.close()
  await drive?.stop()
  await served?.close()
})

test('the page runs the same conformance cases as Node, and skips only cases that exist', async () => {
  expect(await page.evaluate(() => window.storagePage.caseNames())).toEqual(CASE_NAMES)
  for (const gaps of Object.values(GAPS)) for (const name of Object.keys(gaps)) expect(CASE_NAMES).toContain(name)
})

for (const backend of ['s3', 'gdrive', 'opfs'] as const) {
  test.describe(`${backend} in Chromium`, () => {
    for (const name of CASE_NAMES) {
      test(name, async () => {
        const gap = GAPS[backend][name]
        test.skip(gap !== undefined, gap)
        const config = configs.get(backend)!
        const outcome = await page.evaluate(([c, n]) => window.storagePage.runCase(c, n), [config, name] as const)
        expect(outcome.error, `${backend}: ${name}`).toBeUndefined()
        expect(outcome.ok).toBe(true)
      })
    }
  })
}
