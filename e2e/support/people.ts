// Steps for people and their devices: the Members, Devices and Identity pages, device links,
// recovery kits, refusals and "Sync now". Every step waits for the DOM to show its outcome.

import { expect, type Locator, type Page } from '@playwright/test'
import { openPage } from './board.ts'

/** This device's user id and device id, read from the Identity page (ends there). */
export async function readIdentity(page: Page): Promise<{ userId: string; deviceId: string }> {
  await openPage(page, 'identity')
  const userId = (await page.getByTestId('identity-user-id').textContent()) ?? ''
  const deviceId = (await page.getByTestId('identity-device-id').textContent()) ?? ''
  expect(userId).toMatch(/^[0-9a-f]{64}$/)
  expect(deviceId).toMatch(/^[0-9a-f]{64}$/)
  return { userId, deviceId }
}

/** Creates a device link on the Devices page and returns its URL (…#/link/cl1.…). */
export async function createDeviceLink(page: Page): Promise<string> {
  await openPage(page, 'devices')
  await page.getByTestId('link-create').click()
  const field = page.getByTestId('device-link-url')
  await expect(field).toHaveValue(/#\/link\/cl1\./)
  await expect(page.getByTestId('device-link-qr').locator('path')).toHaveAttribute('d', /^M\d/)
  return field.inputValue()
}

/** On a fresh browser: opens the device link and links; waits for the workspace to open. */
export async function linkWithUrl(page: Page, url: string, workspaceName: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('link-screen')).toBeVisible()
  await page.getByTestId('link-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(workspaceName, { timeout: 30_000 })
}

/** Rows of this user's devices on the Devices page. */
export function deviceRows(page: Page, kind: 'device' | 'recovery' = 'device'): Locator {
  return page.locator(`[data-testid="device-row"][data-kind="${kind}"]`)
}

export function memberRow(page: Page, userId: string): Locator {
  return page.locator(`[data-testid="member-row"][data-user-id="${userId}"]`)
}

/** Presses "Sync now" and waits until that sync has finished (its outcome is in the status bar). */
export async function syncNow(page: Page): Promise<void> {
  const button = page.getByTestId('sync-now')
  await expect(button).toBeEnabled()
  const before = Number(await button.getAttribute('data-syncs'))
  await button.click()
  await expect(button).toHaveAttribute('data-syncs', String(before + 1), { timeout: 30_000 })
}

export function refusedRows(page: Page): Locator {
  return page.getByTestId('refused-row')
}
