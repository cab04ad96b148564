// Two browsers share a workspace whose only storage is a Google Drive folder (the Drive API
// test server, named by config.json for local testing) and no relay, so every edit provably
// travels through Drive: the app creates the folder, the other browser joins by invite, edits
// go both ways, the files sit in that folder, and the Storage page shows the location healthy
// and shares the folder through Drive's permissions API.

import { expect, test } from '@playwright/test'
import { addTask, createInviteLink, editOpenTask, joinWithLink, openPage, openTask, pendingChanges, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { createDriveWorkspace, driveFilePaths, recordDriveGrants } from './support/drive.ts'
import { syncNow } from './support/people.ts'
import { e2eServices } from './support/services.ts'
import { storageRows } from './support/storage-locations.ts'

test('two browsers share a workspace through a Google Drive folder alone', async ({ browser }) => {
  const services = e2eServices()
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    await createDriveWorkspace(a.page, services.appUrl, 'Culvert crew')
    await expect(a.page.getByTestId('status-relay')).toHaveText('no relay')

    // The Storage page: one location, the new Drive folder on the test server, healthy.
    await openPage(a.page, 'storage')
    await expect(storageRows(a.page)).toHaveCount(1)
    const row = storageRows(a.page).first()
    const url = (await row.getAttribute('data-url')) ?? ''
    expect(url).toMatch(new RegExp(`^gdrive://[A-Za-z0-9_-]+\\?api=${services.driveApiUrl.replace(/[.:/]/g, '\\$&')}$`))
    await expect(row).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
    await expect(row.getByTestId('storage-state')).toHaveText('healthy')
    await expect(row.getByTestId('storage-primary')).toBeVisible()
    const folderId = new URL(url).host

    await openPage(a.page, 'board')
    const link = await createInviteLink(a.page)
    await b.page.goto(link)
    await expect(b.page.getByTestId('join-drive-hint')).toBeVisible()
    await joinWithLink(b.page, link, 'Culvert crew')
    await expect(b.page.getByTestId('status-relay')).toHaveText('no relay')

    // A → B through Drive: a sync on A (it seals and uploads the edit), then one on B.
    const id = await addTask(a.page, 'Clear culvert 7')
    await syncNow(a.page)
    await expect(pendingChanges(a.page)).toHaveAttribute('data-count', '0')
    await syncNow(b.page)
    await expect(taskRow(b.page, 'Clear culvert 7')).toBeVisible()

    // B → A through Drive.
    await openTask(b.page, id)
    await editOpenTask(b.page, { notes: 'Grate bent; bring the bar.' })
    await syncNow(b.page)
    await expect(pendingChanges(b.page)).toHaveAttribute('data-count', '0')
    await syncNow(a.page)
    await openTask(a.page, id)
    await expect(a.page.getByTestId('task-notes-input')).toHaveText('Grate bent; bring the bar.')

    // What Drive holds: the format marker, the workspace, both devices' logs and markers.
    const workspaceId = await a.page.evaluate(() => window.__clientfulDebug?.workspaceId)
    const paths = await driveFilePaths(services, folderId)
    expect(paths).toContain('clientful.json')
    expect(paths).toContain(`${workspaceId}/workspace.json`)
    const devices = new Set(paths.filter((p) => p.startsWith(`${workspaceId}/log/`)).map((p) => p.split('/')[2]))
    expect(devices.size).toBe(2)

    // B's Storage page: the same folder, healthy from B's side too.
    await openPage(b.page, 'storage')
    const theirs = storageRows(b.page).first()
    await expect(theirs).toHaveAttribute('data-url', url)
    await expect(theirs).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })

    // Sharing the folder goes to Drive's permissions API with the email and role chosen (the
    // test server has no such endpoint, so the test answers for it).
    const grants = await recordDriveGrants(a.context, services, folderId)
    await openPage(a.page, 'storage')
    await row.getByTestId('storage-share').click()
    await a.page.getByTestId('share-email').fill('field.lead@example.com')
    await a.page.getByTestId('share-role').selectOption('writer')
    await a.page.getByTestId('share-submit').click()
    await expect(a.page.getByTestId('share-status')).toHaveText('Shared with field.lead@example.com (writer).')
    expect(grants).toEqual([{ type: 'user', role: 'writer', emailAddress: 'field.lead@example.com' }])
  } finally {
    await a.close()
    await b.close()
  }
})
