// An edit made with storage and relay unreachable survives a reload with no network at all
// (the service worker serves the app, IndexedDB holds the edit and its sealed envelope),
// still counts as waiting to upload, and reaches the other device once the network is back.

import { addTask, createInviteLink, createWorkspace, editOpenTask, expectRelayConnected, joinWithLink, openTask, pendingChanges, taskRow } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('a reload while offline keeps unsynced edits, which upload once back online', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Night shift', storageUrl: isolatedStorageUrl(services, `reload-${Date.now()}`) })
  await joinWithLink(b.page, await createInviteLink(a.page), 'Night shift')
  const id = await addTask(a.page, 'Replace valve 12')
  await expect(taskRow(b.page, 'Replace valve 12')).toBeVisible()
  await openTask(b.page, id)
  await expect(pendingChanges(a.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })
  // The service worker has precached the app shell (wasm included) and controls the page.
  await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })

  await a.goOffline()
  await openTask(a.page, id)
  await editOpenTask(a.page, { notes: 'Valve seized; bring the long wrench.' })
  const pending = pendingChanges(a.page)
  await expect(pending).not.toHaveAttribute('data-count', '0')
  const waiting = await pending.getAttribute('data-count')

  await a.page.reload() // no network: the service worker answers
  await expect(a.page.getByTestId('task-detail')).toHaveAttribute('data-task-id', id)
  await expect(a.page.getByTestId('task-notes-input')).toHaveText('Valve seized; bring the long wrench.')
  await expect(pending).toHaveAttribute('data-count', waiting ?? '')
  await expect(pending).toContainText('waiting to upload')
  await expect(a.page.getByTestId('status-online')).toHaveText('offline')
  // B has not seen it.
  await expect(b.page.getByTestId('task-notes-input')).toHaveText('')

  await a.goOnline()
  await expect(pending).toHaveAttribute('data-count', '0', { timeout: 30_000 })
  await expect(b.page.getByTestId('task-notes-input')).toHaveText('Valve seized; bring the long wrench.', { timeout: 30_000 })
  await expectRelayConnected(a.page)
})
