// Google Drive for a team, with the drive.file scope: Ana connects her own Drive (the app
// creates the workspace's folder there), shares the folder with Sam's Google account and sends
// a short invite link; Sam, signed in with another account, opens the shared folder through
// the Google Picker (simulated: the test answers for it), sees who invited him, joins without
// any key, and edits travel both ways through that folder — every request of his with his own
// account's token. The Drive API is the test server; config.json names it for local testing.

import { expect, test } from '@playwright/test'
import { addTask, openPage, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { createDriveWorkspace, recordDriveGrants } from './support/drive.ts'
import { syncNow } from './support/people.ts'
import { e2eServices } from './support/services.ts'
import { createShortInvite, memberNames } from './support/shell.ts'
import { storageRows } from './support/storage-locations.ts'

const SAMS_TOKEN = 'another-valid-token' // the test server's second account

test('two Google accounts share a Drive folder: the member opens it with the Picker and joins', async ({ browser }) => {
  const services = e2eServices()
  const ana = await openDevice(browser, services, 'Ana')
  const sam = await openDevice(browser, services, 'Sam')
  try {
    // Sam's browser is signed in to another Google account.
    const config = await (await fetch(`${services.appUrl}config.json`)).json()
    await sam.context.route('**/config.json', (route) => route.fulfill({ json: { ...config, google: { ...config.google, token: SAMS_TOKEN } } }))
    const samsTokens = new Set<string>()
    sam.context.on('request', (request) => {
      if (request.url().startsWith(services.driveApiUrl) && request.method() !== 'OPTIONS') samsTokens.add(request.headers()['authorization'] ?? 'none')
    })

    await createDriveWorkspace(ana.page, services.appUrl, 'Culvert crew', 'Ana Lima')
    await openPage(ana.page, 'storage')
    const url = (await storageRows(ana.page).first().getAttribute('data-url')) ?? ''
    const folderId = new URL(url).host

    // Ana shares the folder with Sam's account (Drive's permissions API; the test server has none).
    const grants = await recordDriveGrants(ana.context, services, folderId)
    await storageRows(ana.page).first().getByTestId('storage-share').click()
    await ana.page.getByTestId('share-email').fill('sam.ortiz@example.com')
    await ana.page.getByTestId('share-submit').click()
    await expect(ana.page.getByTestId('share-status')).toHaveText('Shared with sam.ortiz@example.com (writer).')
    expect(grants).toEqual([{ type: 'user', role: 'writer', emailAddress: 'sam.ortiz@example.com' }])
    await openPage(ana.page, 'board')
    const link = await createShortInvite(ana.page)

    // Sam: the Picker answers with the shared folder (what Google's Picker returns on a pick).
    await sam.context.addInitScript((id) => {
      ;(window as unknown as { __clientfulTestPicker: () => Promise<{ id: string; name: string }> }).__clientfulTestPicker = async () => ({ id, name: 'Culvert crew (Field board)' })
    }, folderId)
    await sam.page.goto(link)
    await expect(sam.page.getByTestId('join-drive-hint')).toBeVisible()
    await sam.page.getByTestId('join-pick-folder').click()
    await expect(sam.page.getByTestId('join-workspace-name')).toHaveText('Culvert crew', { timeout: 30_000 })
    await expect(sam.page.getByTestId('join-inviter')).toContainText('Ana Lima invites you')
    await expect(sam.page.getByTestId('join-access-key')).toHaveCount(0)
    await sam.page.getByTestId('join-your-name').fill('Sam Ortiz')
    await sam.page.getByTestId('join-submit').click()
    await expect(sam.page.getByTestId('workspace-name')).toHaveText('Culvert crew', { timeout: 30_000 })
    await expect(sam.page.getByTestId('status-relay')).toHaveText('no relay')

    // Edits both ways, through the folder alone.
    await addTask(ana.page, 'Clear culvert 7')
    await syncNow(ana.page)
    await syncNow(sam.page)
    await expect(taskRow(sam.page, 'Clear culvert 7')).toBeVisible()
    await addTask(sam.page, 'Bring the long bar')
    await syncNow(sam.page)
    await syncNow(ana.page)
    await expect(taskRow(ana.page, 'Bring the long bar')).toBeVisible()
    await openPage(ana.page, 'members')
    await expect(memberNames(ana.page)).toContainText(['Ana Lima (you)', 'Sam Ortiz'])

    expect([...samsTokens]).toEqual([`Bearer ${SAMS_TOKEN}`])
  } finally {
    await ana.close()
    await sam.close()
  }
})
