// A recovery kit brings a person back on a new browser: same user, same workspaces and tasks.

import { addTask, createWorkspace, openPage, taskRow } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { deviceRows, readIdentity } from './support/people.ts'
import { isolatedStorageUrl } from './support/services.ts'

test('a recovery kit restores the same user and workspace on a fresh browser', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  const c = await newDevice('C (new laptop)')
  await createWorkspace(a.page, services.appUrl, { name: 'Bridge works', storageUrl: isolatedStorageUrl(services, `kit-${Date.now()}`) })
  await addTask(a.page, 'Inspect bearings')
  const identity = await readIdentity(a.page)
  await a.page.getByTestId('recovery-create').click()
  const kitField = a.page.getByTestId('recovery-kit-text')
  await expect(kitField).toHaveValue(/CLIENTFUL RECOVERY KIT[\s\S]*cr1\./)
  const kit = await kitField.inputValue()
  expect(kit).toContain(identity.userId)
  const download = a.page.waitForEvent('download')
  await a.page.getByTestId('recovery-download').click()
  expect((await download).suggestedFilename()).toMatch(/^recovery-kit-.*\.txt$/)
  await openPage(a.page, 'devices')
  await expect(deviceRows(a.page, 'recovery')).toHaveCount(1)

  await c.page.goto(`${services.appUrl}#/restore`)
  await c.page.getByTestId('restore-text').fill(kit)
  await c.page.getByTestId('restore-submit').click()
  await expect(c.page.getByTestId('workspace-name')).toHaveText('Bridge works', { timeout: 30_000 })
  await expect(taskRow(c.page, 'Inspect bearings')).toBeVisible({ timeout: 30_000 })
  expect((await readIdentity(c.page)).userId).toBe(identity.userId)
})
