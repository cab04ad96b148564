// People, not keys. On a deployment whose config.json names the storage but holds no keys, a
// founder types the bucket keys once; a new person opens the short invite link, sees the
// workspace's and the inviter's names before joining, joins without typing any key (the
// invite brings them, sealed), and the two see each other's names. Presence: who is here and
// which task they have open shows on the other device and is gone seconds after they leave.

import { resolve } from 'node:path'
import { startStaticServer, type RunningStaticServer } from '../scripts/services/static-server.ts'
import { addTask, openPage, openTask } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { syncNow } from './support/people.ts'
import { createNamedWorkspace, createShortInvite, joinAs, memberNames, presencePeople } from './support/shell.ts'

const DIST = resolve(import.meta.dirname, '../example-app/dist')

let keyless: RunningStaticServer
test.beforeAll(async () => {
  const { storageUrl, relayUrl } = JSON.parse(process.env.CLIENTFUL_E2E ?? '{}') as { storageUrl: string; relayUrl: string }
  keyless = await startStaticServer({ root: DIST, basePath: '/crew/', config: { storage: { url: storageUrl }, relay: relayUrl } })
})
test.afterAll(async () => keyless.close())

test('a new person joins from a short link without typing keys, sees who invited them, and names show on both devices', async ({ services, newDevice }) => {
  const ana = await newDevice('Ana')
  const sam = await newDevice('Sam')
  await createNamedWorkspace(ana.page, keyless.url, { name: 'Culvert crew', you: 'Ana Lima', keys: services.s3Credentials })
  const link = await createShortInvite(ana.page)
  // The deployment's own storage is not in the link: 35 characters after #/j/.
  expect(link).toMatch(new RegExp(`^${keyless.url.replace(/[.:/]/g, '\\$&')}#/j/[A-Za-z0-9_-]{35}$`))

  await sam.page.goto(link)
  await expect(sam.page.getByTestId('join-workspace-name')).toHaveText('Culvert crew', { timeout: 30_000 })
  await expect(sam.page.getByTestId('join-inviter')).toContainText('Ana Lima invites you to join as a writer')
  await expect(sam.page.getByTestId('join-code-storage')).toContainText('access comes with the invite')
  await expect(sam.page.getByTestId('join-access-key')).toHaveCount(0) // nothing to type
  await joinAs(sam.page, 'Sam Ortiz', 'Culvert crew')
  await expect(sam.page.getByTestId('workspace-role')).toHaveText('writer')

  // Each sees the other's name on the Members page; ids only in the details.
  await openPage(sam.page, 'members')
  await expect(memberNames(sam.page)).toContainText(['Ana Lima', 'Sam Ortiz (you)'], { timeout: 30_000 })
  await openPage(ana.page, 'members')
  await expect
    .poll(async () => {
      await syncNow(ana.page)
      return memberNames(ana.page).allTextContents()
    }, { timeout: 30_000 })
    .toEqual(['Ana Lima (you)', 'Sam Ortiz'])
  const samRow = ana.page.getByTestId('member-row').filter({ hasText: 'Sam Ortiz' })
  await samRow.getByTestId('member-details').locator('summary').click()
  await expect(samRow.getByTestId('member-id')).toHaveText(/^[0-9a-f]{64}$/)
})

test('presence: who is here and which task they have open shows on the other device, and is gone seconds after they leave', async ({ services, newDevice }) => {
  const ana = await newDevice('Ana')
  const sam = await newDevice('Sam')
  await createNamedWorkspace(ana.page, services.appUrl, { name: 'Pump house', you: 'Ana Lima' })
  await sam.page.goto(await createShortInvite(ana.page))
  await joinAs(sam.page, 'Sam Ortiz', 'Pump house')
  const id = await addTask(ana.page, 'Bleed the pump')
  await expect(sam.page.getByTestId('task-row').filter({ hasText: 'Bleed the pump' })).toBeVisible({ timeout: 30_000 })

  await openTask(sam.page, id)
  const samOnAna = presencePeople(ana.page).filter({ hasText: 'Sam Ortiz' })
  await expect(samOnAna).toHaveAttribute('data-task', id, { timeout: 30_000 })
  await expect(samOnAna.getByTestId('presence-task')).toHaveText('Bleed the pump')
  await expect(presencePeople(sam.page).filter({ hasText: 'Ana Lima' })).toBeVisible()

  // Sam's browser goes away without a word: gone from Ana's screen within seconds.
  const left = Date.now()
  await sam.close()
  await expect(presencePeople(ana.page)).toHaveCount(0, { timeout: 20_000 })
  expect(Date.now() - left).toBeLessThan(20_000)
})
