// A reader sees the team's edits live and may try to edit, but its edit is refused: undone on
// its own device, listed under Refused, and never seen by anyone else.

import {
  addTask,
  createInviteLink,
  createWorkspace,
  editOpenTask,
  expectRelayConnected,
  joinWithLink,
  openPage,
  openTask,
  pendingChanges,
  readReplica,
  taskRow,
} from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { readIdentity, refusedRows, syncNow } from './support/people.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('a reader sees updates live; its own edit is shown as refused, reverts, and never reaches the admin', async ({ services, newDevice }) => {
  const a = await newDevice('A (admin)')
  const b = await newDevice('B (reader)')
  await createWorkspace(a.page, services.appUrl, { name: 'Quarry', storageUrl: isolatedStorageUrl(services, `reader-${Date.now()}`) })
  const id = await addTask(a.page, 'Fence the pit')
  await joinWithLink(b.page, await createInviteLink(a.page, { role: 'reader', expiry: '1d', uses: '1' }), 'Quarry')
  await expect(b.page.getByTestId('workspace-role')).toHaveText('reader')
  await expect(b.page.getByTestId('readonly-hint')).toBeVisible()
  await expect(taskRow(b.page, 'Fence the pit')).toBeVisible({ timeout: 30_000 })
  await expectRelayConnected(a.page)
  await expectRelayConnected(b.page)

  // A's edits reach the reader live.
  await openTask(a.page, id)
  await editOpenTask(a.page, { title: 'Fence the north pit' })
  await expect(taskRow(b.page, 'Fence the north pit')).toBeVisible({ timeout: 5_000 })

  // The reader tries anyway: the edit is refused, said so, and undone.
  await openTask(b.page, id)
  await expect(b.page.getByTestId('task-title-input')).toHaveValue('Fence the north pit')
  await editOpenTask(b.page, { title: 'Reader was here' })
  const banner = b.page.getByTestId('refusal-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toHaveAttribute('data-kind', 'local-change')
  await expect(banner).toContainText('you are a reader')
  await expect(b.page.getByTestId('task-title-input')).toHaveValue('Fence the north pit')
  await expect(taskRow(b.page, 'Fence the north pit')).toBeVisible()
  await expect(taskRow(b.page, 'Reader was here')).toHaveCount(0)
  await expect(b.page.getByTestId('nav-refused-count')).toHaveText('1')
  await expect(b.page.getByTestId('status-rejected')).toHaveAttribute('data-count', '1')

  const { deviceId } = await readIdentity(b.page)
  await openPage(b.page, 'refused')
  const row = refusedRows(b.page)
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-kind', 'local-change')
  await expect(row.getByTestId('refused-reason')).toHaveText('unauthorized')
  await expect(row.getByTestId('refused-author')).toContainText(`${deviceId.slice(0, 10)}… (you, this device)`)
  await expect(row.getByTestId('refused-detail')).toContainText('you are a reader')
  await expect(row.getByTestId('refused-time')).not.toBeEmpty()

  // Once B has nothing left to upload and has synced, A still holds its own value.
  await expect(pendingChanges(b.page)).toHaveAttribute('data-count', '0')
  await syncNow(b.page)
  await syncNow(a.page)
  const { tasks } = await readReplica(a.page)
  expect((tasks as Record<string, { title: string }>)[id]?.title).toBe('Fence the north pit')
  expect(JSON.stringify(tasks)).not.toContain('Reader was here')
  await expect(taskRow(a.page, 'Reader was here')).toHaveCount(0)
})
