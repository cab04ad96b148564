// Two devices (two browser profiles) share the list: an item added on one shows on the other
// live (through the relay); items added while one device is offline are both there once it
// is back, on both devices (through storage).

import { expect, expectConverged, test } from 'clientful/testing/playwright'
import type { Page } from '@playwright/test'

async function addItem(page: Page, text: string): Promise<void> {
  await page.getByLabel('New to-do').fill(text)
  await page.getByRole('button', { name: 'Add' }).click()
}

const items = (page: Page) => page.getByRole('list', { name: 'To-dos' }).getByRole('listitem')

test('two devices share the list, live and after one was offline', async ({ devicesInWorkspace }) => {
  const { devices } = await devicesInWorkspace(2, { name: 'Groceries' })
  const [a, b] = devices as [(typeof devices)[0], (typeof devices)[0]]
  await expect(a.page.getByTestId('list-name')).toHaveText('Groceries')
  await expect(b.page.getByTestId('list-name')).toHaveText('Groceries')

  await addItem(a.page, 'Milk')
  await expect(items(b.page)).toHaveCount(1)
  await expect(items(b.page).first()).toContainText('Milk')

  await b.goOffline()
  await addItem(b.page, 'Bread')
  await addItem(a.page, 'Eggs')
  await expect(b.page.getByLabel('Sync status')).toContainText('offline')
  await b.goOnline()

  for (const page of [a.page, b.page]) {
    await expect(items(page)).toHaveCount(3, { timeout: 30_000 })
    for (const text of ['Milk', 'Bread', 'Eggs']) await expect(items(page).filter({ hasText: text })).toHaveCount(1)
  }
  await expectConverged([a, b])
})
