// An admin removes a reader: the workspace moves to new keys, so what the admin writes
// afterwards never reaches the removed device, which says it is no longer a member.

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
import { memberRow, readIdentity, syncNow } from './support/people.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('a removed reader never receives later edits and is told it is no longer a member', async ({ services, newDevice }) => {
  const a = await newDevice('A (admin)')
  const b = await newDevice('B (reader)')
  await createWorkspace(a.page, services.appUrl, { name: 'Depot 9', storageUrl: isolatedStorageUrl(services, `remove-${Date.now()}`) })
  const id = await addTask(a.page, 'Sort the spares')
  await joinWithLink(b.page, await createInviteLink(a.page, 'reader'), 'Depot 9')
  await expect(taskRow(b.page, 'Sort the spares')).toBeVisible({ timeout: 30_000 })
  await expectRelayConnected(b.page)
  const reader = await readIdentity(b.page)
  const admin = await readIdentity(a.page)
  await openPage(b.page, 'board')

  // A sees B on the Members page (after pulling B's join) and removes B.
  await openPage(a.page, 'members')
  await syncNow(a.page)
  const row = memberRow(a.page, reader.userId)
  await expect(row).toHaveAttribute('data-role', 'reader')
  await expect(row.getByTestId('member-devices')).toHaveText('1 device')
  await expect(memberRow(a.page, admin.userId).getByTestId('member-you')).toBeVisible()
  await row.getByTestId('member-remove').click()
  await row.getByTestId('member-remove-confirm').click()
  await expect(a.page.getByTestId('members-status')).toContainText('was removed')
  await expect(row).toHaveCount(0)
  await expect(a.page.getByTestId('member-row')).toHaveCount(1)

  // A edits after the removal, and the edit is uploaded.
  await openPage(a.page, 'board')
  await openTask(a.page, id)
  await editOpenTask(a.page, { title: 'Sort the spares (after removal)' })
  await expect(taskRow(a.page, 'Sort the spares (after removal)')).toBeVisible()
  await expect(pendingChanges(a.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

  // B syncs: it learns it was removed, and cannot get the edit.
  await syncNow(b.page)
  await expect(b.page.getByTestId('removed-notice')).toBeVisible()
  await expect(b.page.getByTestId('workspace-role')).toHaveText('removed')
  await syncNow(b.page)
  await expect(taskRow(b.page, 'Sort the spares')).toBeVisible()
  await expect(taskRow(b.page, 'Sort the spares (after removal)')).toHaveCount(0)
  const { tasks } = await readReplica(b.page)
  expect((tasks as Record<string, { title: string }>)[id]?.title).toBe('Sort the spares')
})
