// Two devices, one workspace: A founds it and invites, B joins from the link, and edits reach
// the other device through the relay within a second.

import { addTask, createInviteLink, createWorkspace, editOpenTask, expectRelayConnected, joinWithLink, openTask, taskRow } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { markAppearance, markClick, measuredLatency } from './support/latency.ts'
import { isolatedStorageUrl } from './support/services.ts'

const LIVE_TIMEOUT_MS = 1_000

test('a task added on one device appears on the other through the relay', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Riverside crew', storageUrl: isolatedStorageUrl(services, `live-${Date.now()}`) })
  const link = await createInviteLink(a.page, 'writer')
  expect(link.startsWith(services.appUrl + '#/j/')).toBe(true)
  await joinWithLink(b.page, link, 'Riverside crew')
  await expect(b.page.getByTestId('workspace-role')).toHaveText('writer')
  await expectRelayConnected(a.page)
  await expectRelayConnected(b.page)

  // A → B
  await markClick(a.page.getByTestId('add-task'))
  await markAppearance(b.page, '[data-testid="task-title"]', 'Inspect pump station 4')
  const id = await addTask(a.page, 'Inspect pump station 4')
  await expect(taskRow(b.page, 'Inspect pump station 4')).toBeVisible({ timeout: LIVE_TIMEOUT_MS })
  const aToB = await measuredLatency(a.page, b.page)

  // B → A: B edits the title in the detail view.
  await openTask(b.page, id)
  await markClick(b.page.getByTestId('task-save'))
  await markAppearance(a.page, '[data-testid="task-title"]', 'Inspect pump station 4 and 5')
  await editOpenTask(b.page, { title: 'Inspect pump station 4 and 5' })
  await expect(taskRow(a.page, 'Inspect pump station 4 and 5')).toBeVisible({ timeout: LIVE_TIMEOUT_MS })
  const bToA = await measuredLatency(b.page, a.page)

  // Status reaches B too, and both devices upload everything.
  await openTask(a.page, id)
  await a.page.getByTestId('task-status-select').selectOption('doing')
  await expect(b.page.locator(`[data-testid="task-row"][data-task-id="${id}"] [data-testid="task-status"]`)).toHaveText('doing', { timeout: LIVE_TIMEOUT_MS })
  await expect(a.page.getByTestId('status-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 })
  await expect(b.page.getByTestId('status-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 })

  test.info().annotations.push({ type: 'live-latency-ms', description: `A→B ${aToB} ms, B→A ${bToA} ms (click to the other screen)` })
  console.log(`live edit latency, click to the other screen: A→B ${aToB} ms, B→A ${bToA} ms`)
})
