// Both devices lose storage and relay, both edit — the same task's title and notes
// included — and once back online they converge to the same document, keeping both sides'
// work: Automerge text merges the concurrent notes edits; a title is one value, so both
// devices show the same one and keep the other for the conflict picker (board-conflicts.spec.ts).

import {
  addTask,
  createInviteLink,
  createWorkspace,
  editOpenTask,
  expectConverged,
  expectRelayConnected,
  joinWithLink,
  openTask,
  pendingChanges,
  taskRow,
} from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('devices that edit offline, even the same task, converge when back online', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Harbour team', storageUrl: isolatedStorageUrl(services, `offline-${Date.now()}`) })
  await joinWithLink(b.page, await createInviteLink(a.page), 'Harbour team')
  const shared = await addTask(a.page, 'Check crane')
  await expect(taskRow(b.page, 'Check crane')).toBeVisible()
  await openTask(a.page, shared)
  await editOpenTask(a.page, { notes: 'Base notes.' })
  await openTask(b.page, shared)
  await expect(b.page.getByTestId('task-notes-input')).toHaveText('Base notes.')
  await expectConverged([a.page, b.page], 15_000)

  await a.goOffline()
  await b.goOffline()
  await expect(a.page.getByTestId('status-online')).toHaveText('offline')
  await expect(b.page.getByTestId('status-online')).toHaveText('offline')

  // Concurrent edits of the same task: different words into the title and the notes.
  await editOpenTask(a.page, { title: 'Check crane boom', notes: 'Base notes. Cable frayed (A).' })
  await editOpenTask(b.page, { title: 'Check crane hook', notes: 'Base notes. Hook latch sticks (B).' })
  await b.page.getByTestId('task-status-select').selectOption('doing')
  await addTask(a.page, 'Order cable (A, offline)')
  await addTask(b.page, 'Grease latch (B, offline)')
  await expect(pendingChanges(a.page)).not.toHaveAttribute('data-count', '0')
  await expect(pendingChanges(b.page)).not.toHaveAttribute('data-count', '0')
  // Neither has seen the other's edits.
  await expect(taskRow(a.page, 'Grease latch (B, offline)')).toHaveCount(0)
  await expect(taskRow(b.page, 'Order cable (A, offline)')).toHaveCount(0)

  await a.goOnline()
  await b.goOnline()
  const merged = (await expectConverged([a.page, b.page], 60_000)) as Record<string, { title: string; notes: string; status: string }>

  const task = merged[shared]
  expect(['Check crane boom', 'Check crane hook']).toContain(task?.title)
  expect(task?.notes).toContain('Cable frayed (A).')
  expect(task?.notes).toContain('Hook latch sticks (B).')
  expect(task?.status).toBe('doing')
  const titles = Object.values(merged).map((t) => t.title)
  expect(titles).toEqual(expect.arrayContaining(['Order cable (A, offline)', 'Grease latch (B, offline)']))

  // The screens agree with the documents, and everything is uploaded.
  for (const device of [a, b]) {
    await expect(device.page.getByTestId('task-title-input')).toHaveValue(task?.title ?? '')
    await expect(device.page.getByTestId('task-notes-input')).toHaveText(task?.notes ?? '')
    await expect(taskRow(device.page, 'Order cable (A, offline)')).toBeVisible()
    await expect(taskRow(device.page, 'Grease latch (B, offline)')).toBeVisible()
    await expect(pendingChanges(device.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })
    await expectRelayConnected(device.page)
  }
})
