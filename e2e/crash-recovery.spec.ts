// A tab killed at any moment (its renderer process SIGKILLed, as an OOM kill would: see
// support/renderer-kill.ts) restarts into a consistent state: every edit it showed is kept and
// reaches the other device exactly once, nothing is refused, and the device's log holds one
// envelope per number.

import type { Page } from '@playwright/test'
import { addTask, createInviteLink, createWorkspace, expectConverged, joinWithLink, taskRow } from './support/board.ts'
import type { Device } from './support/device.ts'
import { expect, test } from './support/fixtures.ts'
import { killableTab } from './support/renderer-kill.ts'
import { isolatedStorageUrl, type E2eServices } from './support/services.ts'
import { isGapFreeLog, openIds, storedLog } from './support/stored-log.ts'

/** Device A with its first tab on the app, whose renderer the test can kill. */
async function crashableDevice(services: E2eServices, newDevice: (name: string) => Promise<Device>) {
  const { tab: device, kill } = await killableTab(async () => {
    const device = await newDevice('A')
    await device.page.goto(services.appUrl)
    return device
  })
  const crashed = new Promise<void>((resolve) => device.page.once('crash', () => resolve()))
  return { device, crash: async () => (kill(), await crashed) }
}

/** After the crash: a new tab of the same device opens, runs the engine, and catches up. */
async function reopen(services: E2eServices, device: Device): Promise<Page> {
  const page = await device.openTab('after the crash')
  await page.goto(services.appUrl)
  await expect(page.getByTestId('board')).toBeVisible()
  return page
}

async function expectDeliveredOnce(services: E2eServices, folder: string, a: Page, b: Page, title: string): Promise<void> {
  await expect(a.getByTestId('status-pending')).toHaveText('all changes uploaded', { timeout: 30_000 })
  await b.getByTestId('sync-now').click() // without a relay, B would hear of it at its next periodic pull
  await expect(taskRow(b, title)).toHaveCount(1, { timeout: 30_000 })
  await expectConverged([a, b], 30_000)
  for (const page of [a, b]) await expect(page.getByTestId('status-rejected')).toHaveCount(0)
  const { workspaceId, deviceId } = await openIds(a)
  expect(isGapFreeLog(await storedLog(services, folder, workspaceId, deviceId), deviceId)).toBe(true)
}

test('a tab crashed mid-upload: after a restart nothing is lost or doubled', async ({ services, newDevice }) => {
  const folder = `crash-upload-${Date.now()}`
  const { device: a, crash } = await crashableDevice(services, newDevice)
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Crash', storageUrl: isolatedStorageUrl(services, folder) })
  await joinWithLink(b.page, await createInviteLink(a.page, 'writer'), 'Crash')

  const s3 = new URL(services.s3Endpoint).host
  let inFlight: () => void = () => {}
  const uploading = new Promise<void>((resolve) => (inFlight = resolve))
  let holding = true
  await a.context.route(
    (url) => url.host === s3,
    async (route) => {
      if (holding && route.request().method() === 'PUT' && route.request().url().includes('/log/')) {
        inFlight()
        return // never answered: the tab dies waiting
      }
      await route.continue().catch(() => undefined)
    },
  )
  await addTask(a.page, 'Written before the crash')
  await uploading
  await crash()
  holding = false

  const again = await reopen(services, a)
  await expect(taskRow(again, 'Written before the crash')).toBeVisible()
  await addTask(again, 'Written after the crash')
  await expectDeliveredOnce(services, folder, again, b.page, 'Written before the crash')
  await expect(taskRow(b.page, 'Written after the crash')).toHaveCount(1)
})

test('a tab crashed right after an edit reached its disk, before the edit was sealed and sent: nothing lost or doubled', async ({ services, newDevice }) => {
  const folder = `crash-seal-${Date.now()}`
  const { device: a, crash } = await crashableDevice(services, newDevice)
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Crash mid-seal', storageUrl: isolatedStorageUrl(services, folder) })
  await joinWithLink(b.page, await createInviteLink(a.page, 'writer'), 'Crash mid-seal')
  // Without the relay the edit can leave only through the seal and the upload.
  await a.context.routeWebSocket(() => true, (socket) => socket.close({ code: 1011, reason: 'e2e: no relay' }))

  const saves = await a.page.evaluate(() => window.__clientfulDebug!.saves())
  await a.page.getByTestId('new-task-title').fill('Shown, saved, then the crash')
  await a.page.getByTestId('add-task').click()
  await a.page.waitForFunction((before) => window.__clientfulDebug!.saves() > before, saves, { polling: 'raf' })
  await crash()

  const again = await reopen(services, a)
  await expect(taskRow(again, 'Shown, saved, then the crash')).toBeVisible()
  await expectDeliveredOnce(services, folder, again, b.page, 'Shown, saved, then the crash')
})
