// Delete moves a task to the trash, which lists who deleted it and until when, and Restore
// brings it back on every device. A task one device deletes while another, offline, edits it
// comes back by itself, with a notice naming both.

import { openTask, taskRow } from './support/board.ts'
import { addAndOpenTask, deleteOpenTask, openBoard, openTrash, saveTitle, startTeam, trashRow } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('delete moves a task to the trash; the trash says who and until when; restore brings it back everywhere', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await startTeam(services, a, b, { name: 'Yard crew', folder: `trash-${Date.now()}`, names: { a: 'Ana' } })

  await addAndOpenTask(a.page, 'Fix the gate')
  await expect(taskRow(b.page, 'Fix the gate')).toBeVisible()
  await deleteOpenTask(a.page, 'Fix the gate')
  await expect(taskRow(b.page, 'Fix the gate')).toHaveCount(0)

  await openTrash(b.page)
  const row = trashRow(b.page, 'Fix the gate')
  await expect(row).toHaveAttribute('data-kind', 'task')
  await expect(row.getByTestId('trash-deleted')).toContainText('Deleted by Ana on')
  const [at, until] = [Number(await row.getAttribute('data-at')), Number(await row.getAttribute('data-until'))]
  expect(until - at).toBe(30 * 86_400_000)
  const untilDate = await b.page.evaluate((ms) => new Date(ms).toLocaleDateString(), until)
  await expect(row.getByTestId('trash-until')).toHaveText(`Restorable until ${untilDate}`)
  await openTrash(a.page)
  await expect(trashRow(a.page, 'Fix the gate').getByTestId('trash-deleted')).toContainText('Deleted by you on')

  await row.getByTestId('trash-restore').click()
  await expect(b.page.getByTestId('trash-empty')).toBeVisible()
  await expect(a.page.getByTestId('trash-empty')).toBeVisible()
  await openBoard(a.page)
  await expect(taskRow(a.page, 'Fix the gate')).toBeVisible()
})

test('deleted on one device while edited on another offline: the task comes back, with a notice', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await startTeam(services, a, b, { name: 'Pier crew', folder: `trash-race-${Date.now()}`, names: { a: 'Alice', b: 'Bob' } })
  const id = await addAndOpenTask(a.page, 'Paint the bollards')
  await expect(taskRow(b.page, 'Paint the bollards')).toBeVisible()
  await openTask(b.page, id)

  await b.goOffline()
  await saveTitle(b.page, 'Paint the bollards yellow')
  await expect(taskRow(b.page, 'Paint the bollards yellow')).toBeVisible()
  await deleteOpenTask(a.page, 'Paint the bollards')
  await b.goOnline()

  // Bob's edit was made without knowing of the delete: the task is back on both devices.
  for (const [page, text] of [
    [a.page, 'Task “Paint the bollards yellow” came back: Bob edited it while you deleted it.'],
    [b.page, 'Task “Paint the bollards yellow” came back: You edited it while Alice deleted it.'],
  ] as const) {
    await expect(taskRow(page, 'Paint the bollards yellow')).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('restore-notice')).toHaveText(new RegExp(`^${escape(text)}`))
  }
  await openTrash(a.page)
  await expect(a.page.getByTestId('trash-empty')).toBeVisible()
  await openBoard(a.page)
  await a.page.getByTestId('restore-notice-dismiss').click()
  await expect(b.page.getByTestId('restore-notice')).toHaveCount(0)
  await expect(a.page.getByTestId('restore-notice')).toHaveCount(0)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
