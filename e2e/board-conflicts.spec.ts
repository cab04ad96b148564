// The conflict picker: two devices, both offline, give one task two different titles. Back
// online, both show the same title with the field marked; the picker lists each value with who
// set it, and Keep settles it on both devices.

import { openTask, taskRow } from './support/board.ts'
import { addAndOpenTask, fieldConflict, saveTitle, startTeam } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('a title set differently on two offline devices is marked, lists both values with their authors, and Keep settles it', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await startTeam(services, a, b, { name: 'Crane crew', folder: `conflicts-${Date.now()}`, names: { b: 'Bram' } })
  const id = await addAndOpenTask(a.page, 'Check the crane')
  await expect(taskRow(b.page, 'Check the crane')).toBeVisible()
  await openTask(b.page, id)

  await a.goOffline()
  await b.goOffline()
  await saveTitle(a.page, 'Check the crane boom')
  await saveTitle(b.page, 'Check the crane hook')
  await expect(taskRow(a.page, 'Check the crane boom')).toBeVisible()
  await expect(taskRow(b.page, 'Check the crane hook')).toBeVisible()
  await a.goOnline()
  await b.goOnline()

  // Both devices show the same value and mark the field.
  for (const page of [a.page, b.page]) {
    await expect(fieldConflict(page, 'title')).toBeVisible({ timeout: 30_000 })
    await expect(page.locator(`[data-testid="task-row"][data-task-id="${id}"] [data-testid="task-conflict-mark"]`)).toBeVisible()
  }
  const shown = await a.page.getByTestId('task-title-input').inputValue()
  expect(['Check the crane boom', 'Check the crane hook']).toContain(shown)
  await expect(b.page.getByTestId('task-title-input')).toHaveValue(shown)

  // The picker names who set each value: the member's display name, or the start of its id.
  await fieldConflict(a.page, 'title').getByTestId('conflict-toggle').click()
  const values = a.page.getByTestId('conflict-value')
  await expect(values).toHaveCount(2)
  const mine = values.filter({ hasText: 'Check the crane boom' })
  const bram = values.filter({ hasText: 'Check the crane hook' })
  await expect(mine.getByTestId('conflict-value-author')).toContainText('set by you')
  await expect(bram.getByTestId('conflict-value-author')).toContainText('set by Bram')
  await fieldConflict(b.page, 'title').getByTestId('conflict-toggle').click()
  await expect(b.page.getByTestId('conflict-value').filter({ hasText: 'Check the crane boom' }).getByTestId('conflict-value-author')).toContainText(/set by [0-9a-f]{8}…/)

  // A keeps Bram's title: settled on both devices.
  await bram.getByTestId('conflict-keep').click()
  for (const page of [a.page, b.page]) {
    await expect(page.getByTestId('task-title-input')).toHaveValue('Check the crane hook')
    await expect(fieldConflict(page, 'title')).toHaveCount(0)
    await expect(page.getByTestId('task-conflict-mark')).toHaveCount(0)
  }
})
