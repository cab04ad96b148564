// One device, many tabs (invariant 12). Three tabs of one browser profile edit the same and
// different tasks at once; the tab running the device's engine is closed while a sync is in
// flight. Every tab shows every edit without a reload, another tab takes over, a second device
// ends with every edit, nothing is refused, and storage holds one envelope per number.

import type { Page } from '@playwright/test'
import { addTask, createInviteLink, createWorkspace, editOpenTask, expectConverged, joinWithLink, openTask, taskRow } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl } from './support/services.ts'
import { isGapFreeLog, openIds, storedLog } from './support/stored-log.ts'

async function expectEveryTask(pages: readonly Page[], titles: readonly string[]): Promise<void> {
  for (const page of pages) for (const title of titles) await expect(taskRow(page, title)).toBeVisible()
}

test('three tabs edit at once, the engine tab closes mid-sync, and nothing is lost, doubled or refused', async ({ services, newDevice }) => {
  const folder = `tabs-${Date.now()}`
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Three tabs', storageUrl: isolatedStorageUrl(services, folder) })
  await joinWithLink(b.page, await createInviteLink(a.page, 'writer'), 'Three tabs')
  const [first, second, third] = [a.page, await a.openTab('2'), await a.openTab('3')]
  for (const tab of [second, third]) {
    await tab.goto(services.appUrl)
    await expect(tab.getByTestId('workspace-name')).toHaveText('Three tabs')
  }

  // Different tasks from each tab at once, then the same task from two tabs.
  const [pump] = await Promise.all([addTask(first, 'Pump'), addTask(second, 'Valve'), addTask(third, 'Filter')])
  await expectEveryTask([first, second, third], ['Pump', 'Valve', 'Filter'])
  await openTask(second, pump)
  await openTask(third, pump)
  await Promise.all([editOpenTask(second, { notes: 'check the seals' }), editOpenTask(third, { title: 'Pump station 4' })])
  await expectEveryTask([first, second, third], ['Pump station 4'])

  // The engine tab's uploads are held in flight; it closes while they are.
  let held: () => void = () => {}
  const release = new Promise<void>((resolve) => (held = resolve))
  let inFlight: () => void = () => {}
  const uploading = new Promise<void>((resolve) => (inFlight = resolve))
  const s3 = new URL(services.s3Endpoint).host
  await a.context.route(
    (url) => url.host === s3,
    async (route) => {
      if (route.request().method() === 'PUT') {
        inFlight()
        await release
      }
      await route.continue().catch(() => undefined) // its tab may be gone
    },
  )
  await addTask(second, 'Gasket')
  await uploading
  await first.close()
  await a.context.unroute((url) => url.host === s3)
  held()

  // The other tabs carry on: one of them runs the engine now.
  await Promise.all([addTask(second, 'After hand-over (2)'), addTask(third, 'After hand-over (3)')])
  await openTask(second, pump)
  await editOpenTask(second, { title: 'Pump station 4, done' })
  const titles = ['Pump station 4, done', 'Valve', 'Filter', 'Gasket', 'After hand-over (2)', 'After hand-over (3)']
  await expectEveryTask([second, third, b.page], titles)
  await expectConverged([second, third, b.page], 30_000)
  for (const page of [second, third]) await expect(page.getByTestId('status-pending')).toHaveText('all changes uploaded', { timeout: 30_000 })

  // The first device's later edits keep arriving.
  await addTask(third, 'Later still')
  await expect(taskRow(b.page, 'Later still')).toBeVisible({ timeout: 30_000 })

  for (const page of [second, third, b.page]) await expect(page.getByTestId('status-rejected')).toHaveCount(0)
  const { workspaceId, deviceId } = await openIds(second)
  await expect.poll(async () => isGapFreeLog(await storedLog(services, folder, workspaceId, deviceId), deviceId), { timeout: 30_000 }).toBe(true)
  const notes = await b.page.evaluate((id) => (window.__clientfulDebug?.tasks() as Record<string, { notes?: string }>)[id]?.notes, pump)
  expect(notes).toBe('check the seals')
})
