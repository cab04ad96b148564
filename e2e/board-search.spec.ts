// Search and filters on a phone-sized screen: words in titles and notes, status, assignee and
// project narrow the list as they are set, the controls are big enough for a thumb, nothing
// scrolls sideways, and an open task takes the screen with a way back.

import { editOpenTask, openTask, taskRow } from './support/board.ts'
import { addAndOpenTask, addProject, listedTitles, projectChip, showProject, startTeam } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'

test('search and filters narrow the board, on a phone', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await a.page.setViewportSize({ width: 390, height: 844 })
  await startTeam(services, a, b, { name: 'Field team', folder: `search-${Date.now()}`, names: { b: 'Bo' } })

  await addProject(a.page, 'Pumps')
  await addAndOpenTask(a.page, 'Fix the pump')
  await editOpenTask(a.page, { notes: 'The seal leaks at the flange.' })
  await a.page.getByTestId('task-assignee-select').selectOption({ label: 'Bo' })
  await a.page.getByTestId('task-back').click()
  await addAndOpenTask(a.page, 'Order a new seal')
  await a.page.getByTestId('task-status-select').selectOption('doing')
  await a.page.getByTestId('task-back').click()
  await showProject(a.page, 'Inbox')
  await addAndOpenTask(a.page, 'Sweep the yard')
  await a.page.getByTestId('task-status-select').selectOption('done')
  await a.page.getByTestId('task-back').click()
  await showProject(a.page, 'All')
  await expect(a.page.getByTestId('task-row')).toHaveCount(3)

  // Words: every word, in the title or the notes, any case.
  const search = a.page.getByTestId('filter-text')
  await search.fill('seal')
  await expect.poll(() => listedTitles(a.page)).toEqual(['Fix the pump', 'Order a new seal'])
  await search.fill('SEAL flange')
  await expect.poll(() => listedTitles(a.page)).toEqual(['Fix the pump'])
  await search.fill('nothing like this')
  await expect(a.page.getByTestId('task-list-no-match')).toBeVisible()
  await search.fill('')

  // Status, assignee, project; and all of them at once.
  await a.page.getByTestId('filter-status').selectOption('doing')
  await expect.poll(() => listedTitles(a.page)).toEqual(['Order a new seal'])
  await a.page.getByTestId('filter-status').selectOption('any')
  await a.page.getByTestId('filter-assignee').selectOption({ label: 'Bo' })
  await expect.poll(() => listedTitles(a.page)).toEqual(['Fix the pump'])
  await a.page.getByTestId('filter-assignee').selectOption('anyone')
  await showProject(a.page, 'Inbox')
  await expect.poll(() => listedTitles(a.page)).toEqual(['Sweep the yard'])
  await showProject(a.page, 'Pumps')
  await search.fill('seal')
  await a.page.getByTestId('filter-status').selectOption('todo')
  await expect.poll(() => listedTitles(a.page)).toEqual(['Fix the pump'])
  await a.page.getByTestId('filter-clear').click()
  await expect(projectChip(a.page, 'All')).toHaveAttribute('aria-checked', 'true')
  await expect(a.page.getByTestId('task-row')).toHaveCount(3)

  // Thumb-sized controls, and nothing wider than the screen.
  for (const control of [search, a.page.getByTestId('filter-status'), a.page.getByTestId('filter-assignee'), a.page.getByTestId('add-task'), projectChip(a.page, 'Pumps')]) {
    expect((await control.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
  }
  expect(await a.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

  // An open task takes the screen; "Back to the board" returns to the list.
  await openTask(a.page, await taskRow(a.page, 'Fix the pump').getAttribute('data-task-id').then((id) => id!))
  await expect(a.page.getByTestId('task-list')).toBeHidden()
  expect((await a.page.getByTestId('task-status-select').boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44)
  await a.page.getByTestId('task-back').click()
  await expect(a.page.getByTestId('task-list')).toBeVisible()

  // B, on a wide screen, filters the same board its own way.
  await b.page.getByTestId('filter-assignee').selectOption({ label: 'you' })
  await expect.poll(() => listedTitles(b.page)).toEqual(['Fix the pump'])
})
