// Offline means backoff, not a loop: a device offline for a minute, editing all the while, tries
// storage only as often as its jittered backoff allows (1 s, then doubling up to a minute),
// one short attempt each time, and uploads everything as soon as it is back online.
// The page runs on Playwright's clock, so a minute passes in a few seconds.

import { addTask, createWorkspace, pendingChanges } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('offline for a minute: storage requests stay within the backoff schedule', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  await a.page.clock.install()
  await createWorkspace(a.page, services.appUrl, { name: 'Offline minute', storageUrl: isolatedStorageUrl(services, `offline-${Date.now()}`) })
  await expect(pendingChanges(a.page)).toHaveText('all changes uploaded', { timeout: 30_000 })

  const s3 = new URL(services.s3Endpoint).host
  const tried: number[] = []
  a.context.on('request', (request) => {
    if (new URL(request.url()).host === s3) tried.push(Date.now())
  })
  await a.goOffline()
  await addTask(a.page, 'Made offline, first')
  // A simulated minute in steps, so what each timer starts (an IndexedDB write, a failing fetch)
  // finishes before the next step; edits keep coming, and each would sync if nothing held it.
  for (let second = 0; second < 60; second++) {
    if (second % 15 === 14) await addTask(a.page, `Made offline, second ${second}`)
    for (let step = 0; step < 10; step++) await a.page.clock.runFor(100)
  }
  await expect(a.page.getByTestId('status-pending')).toContainText('waiting to upload')

  // Full jitter from 1 s doubling: at most about a dozen attempts in a minute, a request or two
  // each. The loop this replaces made about 40 failed requests in 8 seconds.
  test.info().annotations.push({ type: 'storage-requests-offline-minute', description: String(tried.length) })
  expect(tried.length).toBeGreaterThanOrEqual(3) // it did keep trying
  expect(tried.length).toBeLessThanOrEqual(24)

  await a.goOnline()
  await a.page.clock.runFor(1_000)
  await expect(pendingChanges(a.page)).toHaveText('all changes uploaded', { timeout: 30_000 })
})
