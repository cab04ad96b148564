// Orphan compensation: a project is deleted on one device while another, offline, adds a task
// to it. Its tasks — the new one too, once both devices meet — wait in the fixed Inbox, on both
// devices alike, and go back to the project when it is restored from the trash.

import { taskRow } from './support/board.ts'
import { addAndOpenTask, addProject, openBoard, openTrash, projectChip, showProject, startTeam, trashRow } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('tasks of a project deleted while another device added one offline all wait in the Inbox, and go back on restore', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await startTeam(services, a, b, { name: 'Harbour', folder: `orphans-${Date.now()}` })
  await addProject(a.page, 'Pumps')
  const first = await addAndOpenTask(a.page, 'Fix the pump')
  await expect(projectChip(b.page, 'Pumps')).toBeVisible()
  await showProject(b.page, 'Pumps')
  await expect(taskRow(b.page, 'Fix the pump')).toBeVisible()
  const inbox = (page: typeof a.page, id: string) => page.locator(`[data-testid="task-row"][data-task-id="${id}"]`)

  await b.goOffline()
  const second = await addAndOpenTask(b.page, 'Replace the seal') // into Pumps: B has not heard of the delete
  await showProject(a.page, 'Pumps')
  await a.page.getByTestId('project-delete').click()
  await a.page.getByTestId('project-delete-confirm').click()
  await expect(projectChip(a.page, 'Pumps')).toHaveCount(0)
  await expect(inbox(a.page, first)).toHaveAttribute('data-project', 'project:inbox')
  await b.goOnline()

  // Both devices: Pumps is gone, both tasks are in the Inbox and say why.
  for (const page of [a.page, b.page]) {
    await expect(projectChip(page, 'Pumps')).toHaveCount(0, { timeout: 30_000 })
    for (const id of [first, second]) await expect(inbox(page, id)).toHaveAttribute('data-project', 'project:inbox', { timeout: 30_000 })
    await showProject(page, 'Inbox')
    await expect(page.getByTestId('task-row')).toHaveCount(2)
  }
  await expect(b.page.getByTestId('task-orphaned')).toBeVisible() // B still has its new task open
  for (const page of [a.page, b.page]) await expect(page.getByTestId('board-problem')).toHaveCount(0)

  // Restored from the trash, the project takes its tasks back.
  await openTrash(b.page)
  await trashRow(b.page, 'Pumps').getByTestId('trash-restore').click()
  await openBoard(b.page)
  for (const page of [a.page, b.page]) {
    await expect(projectChip(page, 'Pumps')).toBeVisible()
    await showProject(page, 'Pumps')
    await expect(page.getByTestId('task-row')).toHaveCount(2)
    await expect(page.getByTestId('task-orphaned')).toHaveCount(0)
  }
})
