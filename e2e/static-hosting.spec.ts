// The build is plain static files: it runs under any sub-path of any static host, serves its
// wasm with the right MIME type, and without a config.json still starts and asks the user
// for storage details instead of failing.

import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { startStaticServer } from '../scripts/services/static-server.ts'
import { addTask, pendingChanges } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

const DIST = resolve(import.meta.dirname, '../example-app/dist')

test('without config.json, under another sub-path, the app asks for storage and works', async ({ browser }) => {
  const services = e2eServices()
  const host = await startStaticServer({ root: DIST, basePath: '/some/deeper/path/' }) // no config
  const device = await openDevice(browser, services, 'A')
  try {
    const wasm: string[] = []
    device.page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) wasm.push(`${response.status()} ${response.headers()['content-type']}`)
    })
    expect((await fetch(`${host.url}config.json`)).status).toBe(404)
    await device.page.goto(host.url)
    await expect(device.page.getByTestId('create-form')).toBeVisible()
    await expect(device.page.getByTestId('create-storage')).toHaveValue('')
    await expect(device.page.getByTestId('create-access-key')).toHaveValue('')
    await expect(device.page.getByTestId('status-bar')).toBeVisible()
    expect(wasm).toEqual(['200 application/wasm'])

    await device.page.getByTestId('create-name').fill('Hand-configured')
    await device.page.getByTestId('create-storage').fill(isolatedStorageUrl(services, `no-config-${Date.now()}`))
    await device.page.getByTestId('create-access-key').fill(services.s3Credentials.accessKeyId)
    await device.page.getByTestId('create-secret').fill(services.s3Credentials.secretAccessKey)
    await device.page.getByTestId('create-submit').click()
    await expect(device.page.getByTestId('workspace-name')).toHaveText('Hand-configured')
    await expect(device.page.getByTestId('status-relay')).toHaveText('no relay')
    await addTask(device.page, 'Works without a relay')
    await expect(pendingChanges(device.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

    // The credentials the user typed are remembered: a reload syncs without asking again.
    await device.page.reload()
    await expect(device.page.getByTestId('status-online')).toHaveText('online', { timeout: 30_000 })
    await expect(device.page.getByTestId('status-error')).toBeEmpty()
  } finally {
    await device.close()
    await host.close()
  }
})
