// Installable, and updated only on request. The built board has a web app manifest with icons
// and a service worker, which Chromium accepts as installable; it reloads with no network; and
// when a new version is deployed, the open board keeps running the version it started with,
// says a new one is ready, and switches (with a reload) only when asked.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startStaticServer } from '../scripts/services/static-server.ts'
import { expect, test } from './support/fixtures.ts'

const DIST = resolve(import.meta.dirname, '../example-app/dist')

/** A new deploy: the page and the service worker's precache list change, nothing else. */
async function deployNewVersion(root: string): Promise<void> {
  const index = join(root, 'index.html')
  await writeFile(index, (await readFile(index, 'utf8')).replace('<head>', '<head>\n    <meta name="app-build" content="2" />'))
  const sw = join(root, 'sw.js')
  const source = await readFile(sw, 'utf8')
  // Workbox lists each file with its revision: a new index.html has a new one.
  const updated = source.replace(/"revision":"[^"]*"(,"url":"index\.html")/, '"revision":"build-2"$1')
  expect(updated).not.toBe(source)
  await writeFile(sw, updated)
}

test('the board is installable, loads offline, and switches to a new version only when asked', async ({ services, newDevice }) => {
  const root = await mkdtemp(join(tmpdir(), 'clientful-e2e-deploy-'))
  await cp(DIST, root, { recursive: true })
  const host = await startStaticServer({ root, basePath: '/field/', config: { storage: { url: services.storageUrl, ...services.s3Credentials }, relay: services.relayUrl } })
  const device = await newDevice('A')
  const { page, context } = device
  try {
    await page.goto(host.url)
    await expect(page.getByTestId('create-form')).toBeVisible()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })

    // The manifest and its icons.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href')
    const manifestUrl = new URL(manifestHref ?? '', host.url).href
    const manifest = (await (await page.request.get(manifestUrl)).json()) as { name: string; display: string; start_url: string; icons: { src: string; sizes: string; purpose?: string }[] }
    expect(manifest).toMatchObject({ name: 'Field board', display: 'standalone', start_url: './' })
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    for (const icon of manifest.icons) {
      const response = await page.request.get(new URL(icon.src, manifestUrl).href)
      expect(response.headers()['content-type']).toBe('image/png')
    }
    expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0)
    const cdp = await context.newCDPSession(page)
    const { errors } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] }
    expect(errors).toEqual([])
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] }
    // A test's browser context is incognito, which no site can change; nothing else stands in the way.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([])

    // No network: the service worker serves the app.
    await context.setOffline(true)
    await page.reload()
    await expect(page.getByTestId('create-form')).toBeVisible()
    await context.setOffline(false)

    // A new deploy: announced, not applied.
    await deployNewVersion(root)
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()))
    await expect(page.getByTestId('update-banner')).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('meta[name="app-build"]')).toHaveCount(0)
    // A plain reload keeps the running version (and says again that a new one waits).
    await page.reload()
    await expect(page.getByTestId('update-banner')).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('meta[name="app-build"]')).toHaveCount(0)

    // On request: the new version takes over and the page reloads into it.
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()])
    await expect(page.locator('meta[name="app-build"]')).toHaveCount(1, { timeout: 30_000 })
    await expect(page.getByTestId('create-form')).toBeVisible()
    await expect(page.getByTestId('update-banner')).toHaveCount(0)
  } finally {
    await host.close()
    await rm(root, { recursive: true, force: true })
  }
})
