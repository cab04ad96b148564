// The board on a phone (390 × 844, touch): one-row status bar, touch targets of at least 44 px,
// nothing wider than the screen, and the board and an open task looking as committed
// (screenshots compared with a tolerance: fonts and anti-aliasing may differ slightly).
// After an intended change of the layout: npx playwright test -c e2e/playwright.config.ts phone --update-snapshots

import { devices, expect, test } from '@playwright/test'
import { addTask, openTask } from './support/board.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'
import { createNamedWorkspace, statusMessage } from './support/shell.ts'

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, userAgent: devices['Pixel 7']!.userAgent }

test('the board on a phone: one-row status bar, touch-sized controls, and the committed look', async ({ browser }) => {
  const services = e2eServices()
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  try {
    await createNamedWorkspace(page, services.appUrl, { name: 'Pump house', you: 'Ana Lima', storageUrl: isolatedStorageUrl(services, `phone-${Date.now()}`) })
    const id = await addTask(page, 'Bleed the pump')
    await addTask(page, 'Replace valve 12')
    await addTask(page, 'Check the generator')
    await expect(statusMessage(page)).toHaveText('All changes uploaded', { timeout: 30_000 })

    const bar = await page.getByTestId('status-bar').boundingBox()
    expect(bar!.height).toBeLessThanOrEqual(64) // one row
    await expect(page.getByTestId('status-online')).toBeHidden() // details on request
    await page.getByTestId('status-details').click()
    await expect(page.getByTestId('status-online')).toBeVisible()
    await page.getByTestId('status-details').click()
    for (const control of [page.getByTestId('add-task'), page.getByTestId('sync-now'), page.getByTestId('nav-members'), page.getByTestId('status-details')]) {
      expect((await control.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    const stable = { animations: 'disabled', caret: 'hide', maxDiffPixelRatio: 0.02 } as const
    await expect(page).toHaveScreenshot('board-phone.png', stable)
    await openTask(page, id)
    await expect(page).toHaveScreenshot('task-phone.png', { ...stable, mask: [page.getByTestId('task-detail').locator('.meta')] })
  } finally {
    await context.close()
  }
})
