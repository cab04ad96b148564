// One person, two devices: A shows a one-time link (text and QR code), B — a fresh browser —
// opens it and becomes another device of the same user, with the workspace and its tasks.

import { expect, test } from '@playwright/test'
import { addTask, createWorkspace, editOpenTask, expectRelayConnected, openPage, openTask, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { createDeviceLink, deviceRows, linkWithUrl, readIdentity, syncNow } from './support/people.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

test('a second device linked by code becomes the same user, with the workspace, and its edits reach the first', async ({ browser }) => {
  const services = e2eServices()
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  const c = await openDevice(browser, services, 'C')
  try {
    await createWorkspace(a.page, services.appUrl, { name: 'Pump crew', storageUrl: isolatedStorageUrl(services, `link-${Date.now()}`) })
    const id = await addTask(a.page, 'Check the generator')
    const identityA = await readIdentity(a.page)

    const url = await createDeviceLink(a.page)
    expect(url.startsWith(`${services.appUrl}#/link/cl1.`)).toBe(true)
    await expect(deviceRows(a.page)).toHaveCount(1)

    await linkWithUrl(b.page, url, 'Pump crew')
    await expect(taskRow(b.page, 'Check the generator')).toBeVisible({ timeout: 30_000 })
    const identityB = await readIdentity(b.page)
    expect(identityB.userId).toBe(identityA.userId)
    expect(identityB.deviceId).not.toBe(identityA.deviceId)

    // B lists both devices at once (it joined them); A once it has pulled B's join.
    await openPage(b.page, 'devices')
    await expect(deviceRows(b.page)).toHaveCount(2)
    await expect(b.page.locator(`[data-testid="device-row"][data-this="true"]`)).toHaveAttribute('data-device-id', identityB.deviceId)
    await syncNow(a.page)
    await expect(deviceRows(a.page)).toHaveCount(2)
    await expect(a.page.locator(`[data-testid="device-row"][data-device-id="${identityB.deviceId}"]`)).toBeVisible()
    await expect(a.page.getByTestId('device-link-status')).toContainText('Linked')

    // An edit on B reaches A.
    await openPage(a.page, 'board')
    await openPage(b.page, 'board')
    await expectRelayConnected(b.page)
    await openTask(b.page, id)
    await editOpenTask(b.page, { title: 'Check the generator and the fuel' })
    await expect(taskRow(a.page, 'Check the generator and the fuel')).toBeVisible({ timeout: 30_000 })
    await expect(b.page.getByTestId('workspace-role')).toHaveText('admin')

    // The link worked once: a third browser that opens it is told so.
    await c.page.goto(url)
    await c.page.getByTestId('link-submit').click()
    await expect(c.page.getByTestId('link-error')).toContainText('This device link no longer works')
  } finally {
    await a.close()
    await b.close()
    await c.close()
  }
})
