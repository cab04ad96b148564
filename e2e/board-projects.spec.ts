// Projects and tasks on the typed board: projects are made, renamed and picked on one device
// and show on the other at once; tasks go into the project shown, move between projects, and
// every task belongs to one (the Inbox when nothing else).

import { addTask, openTask, taskRow } from './support/board.ts'
import { addAndOpenTask, addProject, projectChip, showProject, startTeam } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('projects and their tasks: made, renamed and moved on one device, the same on the other', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await startTeam(services, a, b, { name: 'Quay crew', folder: `projects-${Date.now()}` })

  // Every board has the Inbox; new tasks go there unless a project is shown.
  await expect(projectChip(a.page, 'Inbox')).toBeVisible()
  const loose = await addTask(a.page, 'Count the pallets')
  await expect(a.page.locator(`[data-testid="task-row"][data-task-id="${loose}"]`)).toHaveAttribute('data-project', 'project:inbox')

  await addProject(a.page, 'Pumps')
  const pump = await addTask(a.page, 'Fix the pump')
  await addProject(a.page, 'Cranes')
  const crane = await addTask(a.page, 'Grease the crane')
  await expect(projectChip(b.page, 'Pumps')).toBeVisible()
  await expect(projectChip(b.page, 'Cranes')).toBeVisible()

  // B sees each project's own tasks.
  await showProject(b.page, 'Pumps')
  await expect(taskRow(b.page, 'Fix the pump')).toBeVisible()
  await expect(taskRow(b.page, 'Grease the crane')).toHaveCount(0)
  await expect(taskRow(b.page, 'Count the pallets')).toHaveCount(0)
  await showProject(b.page, 'All')
  await expect(b.page.getByTestId('task-row')).toHaveCount(3)

  // B moves a task; A renames a project; both see both.
  await openTask(b.page, pump)
  await b.page.getByTestId('task-project-select').selectOption({ label: 'Cranes' })
  await showProject(a.page, 'Cranes')
  await expect(taskRow(a.page, 'Fix the pump')).toBeVisible()
  await a.page.getByTestId('project-rename').click()
  await a.page.getByTestId('project-name-input').fill('Cranes and hoists')
  await a.page.getByTestId('project-name-submit').click()
  await expect(projectChip(b.page, 'Cranes and hoists')).toBeVisible()
  await expect(b.page.getByTestId('task-project-select').locator('option:checked')).toHaveText('Cranes and hoists')
  await expect(projectChip(a.page, 'Cranes and hoists').locator('.chip-count')).toHaveText('2')

  // A task added while a project is shown goes into it.
  await showProject(b.page, 'Cranes and hoists')
  const hook = await addAndOpenTask(b.page, 'Check the hook')
  await expect(b.page.getByTestId('task-project-select').locator('option:checked')).toHaveText('Cranes and hoists')
  await expect(a.page.locator(`[data-testid="task-row"][data-task-id="${hook}"]`)).toBeVisible()
  for (const page of [a.page, b.page]) await expect(page.getByTestId('board-problem')).toHaveCount(0)
  expect(new Set([loose, pump, crane, hook]).size).toBe(4)
})
