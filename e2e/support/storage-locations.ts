// Steps on the Storage page: its rows (one per storage location, with data-state and
// data-error-kind from the workspace status) and adding a location.

import { expect, type Locator, type Page } from '@playwright/test'

export function storageRow(page: Page, url: string): Locator {
  return page.locator(`[data-testid="storage-row"][data-url="${url}"]`)
}

export function storageRows(page: Page): Locator {
  return page.getByTestId('storage-row')
}

/** Fills and submits "Add a storage location" with an S3 URL and keys; does not wait for the outcome. */
export async function submitS3Location(page: Page, url: string, keys: { readonly accessKeyId: string; readonly secretAccessKey: string }): Promise<void> {
  const form = page.getByTestId('storage-add-form')
  const kind = form.getByTestId('add-storage-kind')
  if ((await kind.count()) > 0) await kind.selectOption('s3')
  await form.getByTestId('add-storage').fill(url)
  await form.getByTestId('add-access-key').fill(keys.accessKeyId)
  await form.getByTestId('add-secret').fill(keys.secretAccessKey)
  await form.getByTestId('add-submit').click()
}

/** Presses the Storage page's "Sync now" and waits until that sync is over. */
export async function syncFromStoragePage(page: Page): Promise<void> {
  const button = page.getByTestId('storage-page').getByTestId('sync-now')
  await expect(button).toBeEnabled()
  const before = Number(await button.getAttribute('data-syncs'))
  await button.click()
  await expect(button).toHaveAttribute('data-syncs', String(before + 1), { timeout: 60_000 })
}
