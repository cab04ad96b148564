// Edits made offline upload after the last tab of the board closed (Chromium's Background
// Sync): the page asked for a sync while edits waited; once the network is back the browser
// wakes the service worker, which opens the device's engine itself and uploads them. The test
// fires that sync event through DevTools, as the browser would when the network returns.

import { addTask, createInviteLink, createWorkspace, joinWithLink, pendingChanges, taskRow } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { syncNow } from './support/people.ts'
import { isolatedStorageUrl } from './support/services.ts'

const UPLOAD_TAG = 'clientful-board-upload'

test('edits made offline upload after the last tab closed, once the network is back', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Night shift', storageUrl: isolatedStorageUrl(services, `background-${Date.now()}`) })
  await joinWithLink(b.page, await createInviteLink(a.page), 'Night shift')
  await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })

  await a.goOffline()
  await addTask(a.page, 'Written with no network')
  await expect(pendingChanges(a.page)).not.toHaveAttribute('data-count', '0')
  await expect.poll(() => a.page.evaluate(() => navigator.serviceWorker.ready.then((r) => (r as unknown as { sync: { getTags(): Promise<string[]> } }).sync.getTags()))).toContain(UPLOAD_TAG)

  // The last tab closes; later the network is back and the browser fires the sync.
  await a.page.close()
  await a.goOnline()
  const blank = await a.context.newPage() // not the board: only a handle for DevTools
  const devtools = await a.context.newCDPSession(blank)
  const registration = new Promise<string>((resolve) => {
    devtools.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }: { registrations: { registrationId: string; scopeURL: string }[] }) => {
      const ours = registrations.find((r) => r.scopeURL === services.appUrl)
      if (ours) resolve(ours.registrationId)
    })
  })
  // What the service worker says (a failed upload says why) shows in the test's output.
  for (const worker of a.context.serviceWorkers()) worker.on('console', (m) => console.log('[service worker]', m.text()))
  await devtools.send('ServiceWorker.enable')
  await devtools.send('ServiceWorker.dispatchSyncEvent', { origin: services.appOrigin, registrationId: await registration, tag: UPLOAD_TAG, lastChance: false })

  // The other device finds the edit in storage.
  await expect
    .poll(
      async () => {
        await syncNow(b.page)
        return taskRow(b.page, 'Written with no network').count()
      },
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBe(1)
})
