// Bad input never crashes the app or loses data: every failure ends as a readable line in
// the status bar, and the board keeps what it had.

import { createS3Storage } from '@clientful/storage-s3'
import { expect, test, type Page } from '@playwright/test'
import { addTask, createInviteLink, createWorkspace, editOpenTask, openTask, pendingChanges, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

const statusError = (page: Page) => page.getByTestId('status-error')

test('a malformed invite code shows a readable error and changes nothing', async ({ browser }) => {
  const services = e2eServices()
  const fresh = await openDevice(browser, services, 'fresh')
  const member = await openDevice(browser, services, 'member')
  try {
    // A device with no workspace opens a garbage link.
    await fresh.page.goto(`${services.appUrl}#/join/cf1.not-a-real-invite.xyz`)
    await expect(fresh.page.getByTestId('join-code-problem')).toContainText('invalid invite code')
    await fresh.page.getByTestId('join-submit').click()
    await expect(statusError(fresh.page)).toContainText('Invalid invite')
    await expect(fresh.page.getByTestId('join-error')).toBeVisible()

    // A member opens a truncated copy of a real invite: refused before any network call.
    await createWorkspace(member.page, services.appUrl, { name: 'Depot', storageUrl: isolatedStorageUrl(services, `bad-invite-${Date.now()}`) })
    await addTask(member.page, 'Count spare fuses')
    const link = await createInviteLink(member.page)
    await member.page.goto(link.slice(0, -6))
    await member.page.getByTestId('join-submit').click()
    await expect(statusError(member.page)).toContainText(/Invalid invite: .*checksum|Invalid invite: .*expected/)
    await member.page.getByTestId('setup-cancel').click()
    await expect(taskRow(member.page, 'Count spare fuses')).toBeVisible()
    await expect(statusError(member.page)).toBeEmpty()
  } finally {
    await fresh.close()
    await member.close()
  }
})

test('unreachable storage shows in the status line; edits wait on the device and upload later', async ({ browser }) => {
  const services = e2eServices()
  const device = await openDevice(browser, services, 'A')
  try {
    await createWorkspace(device.page, services.appUrl, { name: 'Yard', storageUrl: isolatedStorageUrl(services, `unreachable-${Date.now()}`) })
    const id = await addTask(device.page, 'Lock the gate')
    await expect(pendingChanges(device.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

    // Only the bucket goes away; the page, the browser and the relay stay up.
    const s3 = `${services.s3Endpoint}/**`
    await device.context.route(s3, (route) => route.abort('connectionrefused'))
    await openTask(device.page, id)
    await editOpenTask(device.page, { notes: 'Chain is rusty' })
    await expect(statusError(device.page)).toContainText('Storage unreachable', { timeout: 60_000 })
    await expect(pendingChanges(device.page)).not.toHaveAttribute('data-count', '0')
    await expect(device.page.getByTestId('task-notes-input')).toHaveText('Chain is rusty')

    await device.context.unroute(s3)
    await device.page.getByTestId('storage-open').click()
    await device.page.getByTestId('settings-save').click() // "Save and sync": retry now
    await expect(pendingChanges(device.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })
    await expect(statusError(device.page)).toBeEmpty()
  } finally {
    await device.close()
  }
})

test('wrong credentials and a newer storage format are refused with a clear message', async ({ browser }) => {
  const services = e2eServices()
  const device = await openDevice(browser, services, 'A')
  try {
    await device.page.goto(services.appUrl)
    await device.page.getByTestId('create-storage').fill(isolatedStorageUrl(services, `wrong-keys-${Date.now()}`))
    // s3rver checks the key id but not the secret's signature, so the key id is what is wrong.
    await device.page.getByTestId('create-access-key').fill('NOT-A-KEY')
    await device.page.getByTestId('create-submit').click()
    await expect(device.page.getByTestId('create-error')).toContainText('refused the credentials')
    await expect(statusError(device.page)).toContainText('refused the credentials')

    // A folder written by a future Clientful: refused, not half-read.
    const folder = `future-${Date.now()}`
    const storage = createS3Storage({ bucket: services.bucket, prefix: folder, endpoint: services.s3Endpoint, region: 'us-east-1', credentials: services.s3Credentials })
    await storage.write('clientful.json', new TextEncoder().encode(JSON.stringify({ format: 'clientful', v: 99 })))
    await device.page.getByTestId('create-storage').fill(isolatedStorageUrl(services, folder))
    await device.page.getByTestId('create-access-key').fill(services.s3Credentials.accessKeyId)
    await device.page.getByTestId('create-submit').click()
    await expect(statusError(device.page)).toContainText('newer format version')

    // Nothing was created, and the app still works with good input.
    await device.page.getByTestId('create-storage').fill(isolatedStorageUrl(services, `good-${Date.now()}`))
    await device.page.getByTestId('create-submit').click()
    await expect(device.page.getByTestId('board')).toBeVisible()
    await expect(device.page.getByTestId('workspace-switch')).toHaveCount(0) // exactly one workspace
  } finally {
    await device.close()
  }
})
