// Steps for the app shell around the board: people (names, presence), invites by short link,
// the status bar's sentence. Every step waits for the DOM to show its outcome; nothing sleeps.

import { expect, type Locator, type Page } from '@playwright/test'
import { openPage } from './board.ts'

/** Creates a workspace from the setup screen with this person's name (keys typed only when given). */
export async function createNamedWorkspace(page: Page, appUrl: string, options: { name: string; you: string; storageUrl?: string; keys?: { accessKeyId: string; secretAccessKey: string } }): Promise<void> {
  await page.goto(appUrl)
  await expect(page.getByTestId('create-form')).toBeVisible()
  await page.getByTestId('create-name').fill(options.name)
  await page.getByTestId('create-your-name').fill(options.you)
  if (options.storageUrl !== undefined) await page.getByTestId('create-storage').fill(options.storageUrl)
  if (options.keys) {
    await page.getByTestId('create-access-key').fill(options.keys.accessKeyId)
    await page.getByTestId('create-secret').fill(options.keys.secretAccessKey)
  }
  await page.getByTestId('create-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(options.name, { timeout: 30_000 })
}

/** Creates a short invite link on the Members page (ends back on the board). */
export async function createShortInvite(page: Page, role: 'admin' | 'writer' | 'reader' = 'writer'): Promise<string> {
  await openPage(page, 'members')
  await page.getByTestId('invite-role').selectOption(role)
  await page.getByTestId('invite-create').click()
  const field = page.getByTestId('invite-link')
  await expect(field).toHaveValue(/#\/j\/[A-Za-z0-9_-]{35}/)
  await expect(page.getByTestId('invite-qr').locator('path')).toHaveAttribute('d', /^M\d/)
  const link = await field.inputValue()
  await openPage(page, 'board')
  return link
}

/** The join screen: waits for the preview, joins with this person's name. */
export async function joinAs(page: Page, you: string, workspaceName: string): Promise<void> {
  await expect(page.getByTestId('join-workspace-name')).toHaveText(workspaceName, { timeout: 30_000 })
  await page.getByTestId('join-your-name').fill(you)
  await page.getByTestId('join-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(workspaceName, { timeout: 30_000 })
}

export function memberNames(page: Page): Locator {
  return page.getByTestId('member-name')
}

export function presencePeople(page: Page): Locator {
  return page.getByTestId('presence-person')
}

export function statusMessage(page: Page): Locator {
  return page.getByTestId('status-message')
}
