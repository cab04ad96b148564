// The devtools panel (clientful/devtools, at #/devtools in the example app) shows live data:
// which tab runs the engine, the outbox filling while storage is unreachable and emptying once
// it is back, storage health, the membership log growing as someone joins, what was refused —
// and no document content until asked. The diagnostic report the Identity page downloads holds
// the same kind of data and none of the content.

import { readFile } from 'node:fs/promises'
import { test, expect } from './support/fixtures.ts'
import { addTask, createInviteLink, createWorkspace, joinWithLink, openTask, editOpenTask, expectRelayConnected, openPage } from './support/board.ts'
import type { Page } from '@playwright/test'

async function openDevtools(page: Page): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '') + '#/devtools')
  await expect(page.getByTestId('devtools-engine')).toBeVisible()
}

test('the devtools panel follows the outbox, storage, membership and refusals live, and shows content only when asked', async ({ newDevice, services }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Devtools crew' })
  const title = `Secret pump ${Date.now()}`
  await addTask(a.page, title)
  await openDevtools(a.page)

  const panel = a.page.getByTestId('devtools')
  await expect(panel.getByTestId('devtools-engine').locator('[data-runs-engine]')).toHaveAttribute('data-runs-engine', 'yes')
  await expect(panel.getByTestId('devtools-storage-row')).toHaveCount(1)
  await expect(panel.getByTestId('devtools-storage-row')).toContainText('ok', { timeout: 30_000 })
  await expect(panel.getByTestId('devtools-outbox-summary')).toHaveAttribute('data-pending', '0', { timeout: 30_000 })
  await expect(panel.getByTestId('devtools-document-row').first()).toBeVisible()
  await expect(panel).not.toContainText(title)

  // Someone joins: the membership log shows the invite and the join.
  await a.page.goto(services.appUrl)
  const link = await createInviteLink(a.page)
  await joinWithLink(b.page, link, 'Devtools crew')
  await openDevtools(a.page)
  await expect(panel.getByTestId('devtools-log-row').filter({ hasText: 'join' })).toHaveCount(1, { timeout: 30_000 })
  await expect(panel.getByTestId('devtools-log-row').filter({ hasText: 'invite' })).toHaveCount(1)
  await expect(panel.getByTestId('devtools-epoch-row')).toHaveCount(1)

  // Storage unreachable: edits wait in the outbox, then leave it once storage is back.
  await expectRelayConnected(b.page)
  await a.goOffline()
  const second = await a.openTab('second')
  await second.goto(services.appUrl)
  await addTask(second, 'Written while offline')
  await expect(panel.getByTestId('devtools-relay')).not.toHaveAttribute('data-state', 'connected', { timeout: 30_000 })
  await expect(panel.getByTestId('devtools-outbox-summary')).not.toHaveAttribute('data-pending', '0', { timeout: 30_000 })
  await expect(panel.getByTestId('devtools-outbox-row').first()).toBeVisible()
  await a.goOnline()
  await expect(panel.getByTestId('devtools-outbox-summary')).toHaveAttribute('data-pending', '0', { timeout: 60_000 })
  await expect(panel.getByTestId('devtools-outbox-row')).toHaveCount(0)

  // Another tab of the same device says the engine runs elsewhere.
  await openDevtools(second)
  await expect(second.getByTestId('devtools-engine').locator('[data-runs-engine]')).toHaveAttribute('data-runs-engine', 'no')

  // Contents only when asked.
  await panel.getByTestId('devtools-show-contents').click()
  await expect(panel.getByTestId('devtools-document-contents').filter({ hasText: title })).toHaveCount(1)
  await panel.getByTestId('devtools-hide-contents').click()
  await expect(panel).not.toContainText(title)
})

test('a reader\'s refused edit appears in the panel; the downloaded report holds ids and statuses, not content', async ({ newDevice, services }) => {
  const a = await newDevice('A')
  const reader = await newDevice('Reader')
  await createWorkspace(a.page, services.appUrl, { name: 'Report crew' })
  const title = `Confidential valve ${Date.now()}`
  const id = await addTask(a.page, title)
  await joinWithLink(reader.page, await createInviteLink(a.page, 'reader'), 'Report crew')
  await openTask(reader.page, id)
  await editOpenTask(reader.page, { title: 'Reader was here' })
  await openDevtools(reader.page)
  const panel = reader.page.getByTestId('devtools')
  await expect(panel.getByTestId('devtools-refused-row').filter({ hasText: 'unauthorized' })).toHaveCount(1, { timeout: 30_000 })

  await reader.page.goto(services.appUrl)
  await openPage(reader.page, 'identity')
  const [download] = await Promise.all([reader.page.waitForEvent('download'), reader.page.getByTestId('diagnostics-download').click()])
  expect(download.suggestedFilename()).toMatch(/^clientful-diagnostics-[0-9a-f]{8}-.*\.json$/)
  const text = await readFile((await download.path())!, 'utf8')
  const report = JSON.parse(text) as { format: string; role: string; tab: { runsEngine: boolean }; refusals: { count: number }; membership: { members: unknown[] } }
  expect(report).toMatchObject({ format: 'clientful/diagnostics', role: 'reader', tab: { runsEngine: true } })
  expect(report.refusals.count).toBeGreaterThan(0)
  expect(report.membership.members).toHaveLength(2)
  expect(text).not.toContain(title)
  expect(text).not.toContain('Report crew')
  expect(text).not.toContain(services.s3Credentials.secretAccessKey)
})
