// Assignees and due dates: an admin assigns a task to a writer with a due date; the writer sees
// it as theirs, finds it by filtering on themselves, and closes it. A task assigned to someone
// else is not theirs to close: the board says why (every peer runs that rule).

import { openTask, taskRow } from './support/board.ts'
import { addAndOpenTask, startTeam } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('assignee and due date: set on one device, shown and filtered on the other; only the assignee or an admin closes', async ({ services, newDevice }) => {
  const a = await newDevice('A (admin)')
  const b = await newDevice('B (writer)')
  await startTeam(services, a, b, { name: 'Dock crew', folder: `assignee-${Date.now()}`, names: { b: 'Bea' } })

  const pump = await addAndOpenTask(a.page, 'Fix the pump')
  await a.page.getByTestId('task-assignee-select').selectOption({ label: 'Bea' })
  await a.page.getByTestId('task-due-input').fill('2030-05-17')
  const row = (page: typeof a.page) => taskRow(page, 'Fix the pump')
  await expect(row(a.page).getByTestId('task-assignee')).toHaveText('@Bea')
  await expect(row(b.page).getByTestId('task-assignee')).toHaveText('@you')
  await expect(row(b.page).getByTestId('task-due')).toHaveText('due 2030-05-17')

  // A's own task, and one for nobody.
  const valve = await addAndOpenTask(a.page, 'Oil the valve')
  await a.page.getByTestId('task-assignee-select').selectOption({ label: 'you' })
  await addAndOpenTask(a.page, 'Sweep the yard')
  await expect(b.page.getByTestId('task-row')).toHaveCount(3)

  // B filters on itself, then on nobody.
  await b.page.getByTestId('filter-assignee').selectOption({ label: 'you' })
  await expect(b.page.getByTestId('task-row')).toHaveCount(1)
  await expect(row(b.page)).toBeVisible()
  await b.page.getByTestId('filter-assignee').selectOption('unassigned')
  await expect(b.page.getByTestId('task-row')).toHaveCount(1)
  await expect(taskRow(b.page, 'Sweep the yard')).toBeVisible()
  await b.page.getByTestId('filter-clear').click()
  await expect(b.page.getByTestId('task-row')).toHaveCount(3)

  // B closes its own task; it may not close A's.
  await openTask(b.page, pump)
  await b.page.getByTestId('task-status-select').selectOption('done')
  await expect(row(a.page).getByTestId('task-status')).toHaveText('done')
  await openTask(b.page, valve)
  await b.page.getByTestId('task-status-select').selectOption('done')
  await expect(b.page.getByTestId('board-problem')).toContainText('only its assignee or an admin closes an assigned task')
  await expect(b.page.getByTestId('task-status-select')).toHaveValue('todo')
  await expect(taskRow(a.page, 'Oil the valve').getByTestId('task-status')).toHaveText('todo')

  // The due date can be cleared; the assignee set back to nobody.
  await openTask(a.page, pump)
  await a.page.getByTestId('task-due-clear').click()
  await a.page.getByTestId('task-assignee-select').selectOption('')
  await expect(row(b.page).getByTestId('task-due')).toHaveCount(0)
  await expect(row(b.page).getByTestId('task-assignee')).toHaveCount(0)
})
