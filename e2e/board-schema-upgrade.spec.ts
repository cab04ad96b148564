// Two releases of the app against one board. The previous release (schema 2, built with
// VITE_BOARD_SCHEMA=2 into example-app/dist-schema-2 and served here on its own) runs on A and
// B; A goes offline for a long time and keeps editing. A device with the current release
// (schema 3: task priorities) joins, and the board migrates. The old devices then say "update
// the app" and turn read-only, A's offline work still arrives and is migrated, and every device
// ends with the same document: nothing lost, nothing invalid, nothing refused.

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startStaticServer, type RunningStaticServer } from '../scripts/services/static-server.ts'
import { addTask, createInviteLink, createWorkspace, expectConverged, joinWithLink, openTask, pendingChanges, taskRow } from './support/board.ts'
import { addAndOpenTask, saveTitle } from './support/board-steps.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl, type E2eServices } from './support/services.ts'

const PREVIOUS_BUILD = resolve(import.meta.dirname, '../example-app/dist-schema-2')

function serveBuild(root: string, services: E2eServices): Promise<RunningStaticServer> {
  return startStaticServer({
    root,
    basePath: '/apps/board/',
    config: {
      storage: { url: services.storageUrl, ...services.s3Credentials },
      relay: services.relayUrl,
      google: { apiUrl: services.driveApiUrl, token: services.driveToken },
    },
  })
}

test('a device on the previous release, offline for long, meets the board migrated by the current one: read-only, "update the app", nothing corrupted', async ({ services, newDevice }) => {
  expect(existsSync(resolve(PREVIOUS_BUILD, 'index.html')), 'npm run build builds the previous release into example-app/dist-schema-2').toBe(true)
  const previous = await serveBuild(PREVIOUS_BUILD, services)
  try {
    const a = await newDevice('A (previous release)')
    const b = await newDevice('B (previous release)')
    const c = await newDevice('C (current release)')
    await createWorkspace(a.page, previous.url, { name: 'Two releases', storageUrl: isolatedStorageUrl(services, `releases-${Date.now()}`) })
    await expect(a.page.getByTestId('board')).toHaveAttribute('data-schema', '2')
    await expect(a.page.getByTestId('task-priority-select')).toHaveCount(0)
    const inviteB = await createInviteLink(a.page, 'writer')
    const inviteC = await createInviteLink(a.page, 'writer')
    await joinWithLink(b.page, inviteB, 'Two releases')
    const pump = await addAndOpenTask(a.page, 'Fix the pump')
    await a.page.getByTestId('task-due-input').fill('2030-01-31')
    await expect(taskRow(b.page, 'Fix the pump')).toBeVisible()
    await expect(pendingChanges(a.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 }) // in storage, for C to find

    // A is offline for a long time, and works on.
    await a.goOffline()
    await saveTitle(a.page, 'Fix the pump at berth 4')
    const offline = await addTask(a.page, 'Written offline on the previous release')
    await openTask(a.page, pump)

    // C joins with the current release: the board moves to schema 3 (every task gets a priority).
    await joinWithLink(c.page, services.appUrl + inviteC.slice(inviteC.indexOf('#')), 'Two releases') // the same invite, opened in the current release
    await expect(c.page.getByTestId('board')).toHaveAttribute('data-schema', '3')
    await openTask(c.page, pump)
    await expect(c.page.getByTestId('task-priority-select')).toHaveValue('normal')
    await c.page.getByTestId('task-priority-select').selectOption('high')
    await expect(taskRow(c.page, 'Fix the pump').getByTestId('task-priority')).toHaveText('high priority')

    // B, online on the previous release: read-only, and says why.
    const readOnly = (page: typeof a.page) => page.locator('[data-testid="board-readonly"][data-reason="app-outdated"]')
    await expect(readOnly(b.page)).toContainText('Update the app to edit this board', { timeout: 30_000 })
    await expect(b.page.getByTestId('new-task-title')).toBeDisabled()

    // A comes back: its offline work goes out, and it turns read-only too, every input disabled.
    await a.goOnline()
    await expect(readOnly(a.page)).toBeVisible({ timeout: 30_000 })
    for (const input of ['new-task-title', 'add-task', 'task-title-input', 'task-status-select', 'task-project-select', 'task-assignee-select', 'task-due-input', 'task-save']) {
      await expect(a.page.getByTestId(input)).toBeDisabled()
    }
    await expect(a.page.getByTestId('task-notes-input')).toHaveAttribute('contenteditable', 'false')
    await expect(a.page.getByTestId('task-delete')).toHaveCount(0)

    // Nothing corrupted: C has A's offline work, migrated; every device the same document.
    await expect(taskRow(c.page, 'Fix the pump at berth 4')).toBeVisible({ timeout: 30_000 })
    await expect(taskRow(c.page, 'Written offline on the previous release')).toBeVisible()
    await openTask(c.page, offline)
    await expect(c.page.getByTestId('task-priority-select')).toHaveValue('normal')
    const board = (await expectConverged([a.page, b.page, c.page], 60_000)) as Record<string, Record<string, unknown>>
    expect(board[pump]).toMatchObject({ kind: 'task', title: 'Fix the pump at berth 4', due: '2030-01-31', priority: 'high', project: 'project:inbox' })
    expect(board[offline]).toMatchObject({ kind: 'task', title: 'Written offline on the previous release', priority: 'normal' })
    expect(board['$version:3']).toBe(true)
    for (const page of [a.page, b.page]) {
      await expect(taskRow(page, 'Fix the pump at berth 4')).toBeVisible()
      await expect(taskRow(page, 'Written offline on the previous release')).toBeVisible()
    }
    for (const page of [a.page, b.page, c.page]) {
      await expect(page.getByTestId('invalid-entries')).toHaveCount(0)
      await expect(page.getByTestId('board-problem')).toHaveCount(0)
      await expect(page.getByTestId('status-rejected')).toHaveCount(0)
    }
  } finally {
    await previous.close()
  }
})
