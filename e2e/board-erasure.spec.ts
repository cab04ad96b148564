// "Erase permanently": an admin erases a task. The board moves to a copy without it on every
// device, and once every device has synced the text is nowhere: in no document's current state
// on any device, in no record on any device's disk (the previous board is forgotten, history and
// all, and each device's own records of the changes it sent are rewritten), in nothing a member
// who joins afterwards holds, and in no file of the storage — read as it is, or decrypted with
// every key the members hold.

import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createInviteLink, editOpenTask, expectRelayConnected, joinWithLink, openTask, pendingChanges, taskRow } from './support/board.ts'
import { addAndOpenTask, startTeam } from './support/board-steps.ts'
import { documentChunks, historyHolds } from './support/document-history.ts'
import { expect, test } from './support/fixtures.ts'
import { documentsOf, readLocalData } from './support/local-data.ts'
import { containsMarker, readTree } from './support/plaintext-scan.ts'
import { decryptedHolding, epochKeysOf, openedCount } from './support/decrypted-history.ts'

test('an erased task: once every device synced, gone from every device and from storage, decrypted or not', async ({ services, newDevice }) => {
  const tag = randomBytes(6).toString('hex')
  const title = `ERASE-ME-${tag} valve code`
  const notes = `ERASE-ME-${tag} notes`
  const folder = `erasure-${tag}`
  const a = await newDevice('A (admin)')
  const b = await newDevice('B (writer)')
  await startTeam(services, a, b, { name: 'Erasure crew', folder })
  const pageErrors: string[] = []
  for (const page of [a.page, b.page]) page.on('pageerror', (error) => pageErrors.push(error.message))
  const inviteD = await createInviteLink(a.page, 'writer') // for a member who joins after the erasure
  await addAndOpenTask(a.page, 'Keep this one')
  const secret = await addAndOpenTask(a.page, title)
  await editOpenTask(a.page, { notes })
  await openTask(b.page, secret) // open on B too when the erasure arrives
  await expect(b.page.getByTestId('task-notes-input')).toHaveText(notes)
  for (const page of [a.page, b.page]) await expect(pendingChanges(page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })
  const previousBoard = (await documentsOf(a.page)).ids['tasks']!

  // The admin erases it; both boards continue in the copy without it.
  await a.page.getByTestId('erase').click()
  await a.page.getByTestId('erase-confirm').click()
  await expect(a.page.getByTestId('erase-remains')).toContainText('until every device has synced')
  for (const page of [a.page, b.page]) {
    await expect(page.getByTestId('board')).toHaveAttribute('data-doc', /^tasks~[0-9a-f]{12}$/, { timeout: 30_000 })
    await expect(taskRow(page, title)).toHaveCount(0)
    await expect(taskRow(page, 'Keep this one')).toBeVisible()
  }
  const board = await a.page.getByTestId('board').getAttribute('data-doc')
  await expect(b.page.getByTestId('board')).toHaveAttribute('data-doc', board!)

  // A member who joins afterwards gets everything storage holds, decrypted with its keys.
  const d = await newDevice('D (joins later)')
  await joinWithLink(d.page, inviteD, 'Erasure crew')
  await expectRelayConnected(d.page)
  // Its invite predates the erasure's key rotation: it reads what came after once a member
  // grants it the new key (at that member's next sync), which can take a few rounds.
  await expect(d.page.getByTestId('board')).toHaveAttribute('data-doc', board!, { timeout: 90_000 })
  await expect(taskRow(d.page, 'Keep this one')).toBeVisible()
  for (const page of [a.page, b.page, d.page]) await expect(pendingChanges(page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

  // Every device carries the erasure out at its next sync (live sync: on the edit, or the poke
  // of the upload that follows): wait until storage, decrypted, no longer holds the title.
  const keys = (await Promise.all([a.page, b.page, d.page].map(epochKeysOf))).flat()
  const stored = async () => (await readTree(services.s3Dir)).filter((file) => file.path.includes(folder))
  await expect.poll(async () => decryptedHolding(await stored(), keys, title), { timeout: 60_000 }).toEqual([])
  for (const page of [a.page, b.page, d.page]) await expect(page.getByTestId('status-problems')).toHaveCount(0)
  for (const [name, page] of [['A', a.page], ['B', b.page], ['D', d.page]] as const) {
    const { ids, exported } = await documentsOf(page)
    // Every document's current state, as the framework exports it: neither text.
    for (const marker of [title, notes]) expect(containsMarker(Buffer.from(JSON.stringify(exported)), marker), `${name}'s export holds ${marker}`).toBe(false)
    expect(JSON.stringify(exported)).toContain('Keep this one') // the export is real
    // The current board on this device's disk: not in its chunks, not anywhere in its history.
    const records = await readLocalData(page)
    const current = documentChunks(records, ids[board!]!)
    expect(current.length, `${name} keeps the current board`).toBeGreaterThan(0)
    expect(historyHolds(current, title), `${name}'s current board holds the title in its history`).toBe(false)
    // The previous board is forgotten, history and all.
    expect(documentChunks(records, previousBoard), `${name} keeps chunks of the previous board`).toEqual([])
    for (const marker of [title, notes]) expect(records.filter((r) => containsMarker(r.bytes, marker)).map((r) => r.key.join('/')), `${name}'s records holding ${marker} in the clear`).toEqual([])
    // Its own records of what it sent, opened with every key the members hold.
    for (const marker of [title, notes]) expect(await decryptedHolding(records, keys, marker), `${name}'s records holding ${marker}, decrypted`).toEqual([])
  }

  // Storage in the clear: no file holds either text.
  const files = await stored()
  expect(files.length).toBeGreaterThan(3)
  for (const marker of [title, notes]) expect(files.filter((f) => containsMarker(f.bytes, marker)).map((f) => f.path)).toEqual([])
  // And decrypted with every key the members hold: the scan opens files, and none holds either text.
  expect(await openedCount(files, keys)).toBeGreaterThan(3)
  for (const marker of [title, notes]) expect(await decryptedHolding(files, keys, marker), `storage holding ${marker}, decrypted`).toEqual([])
  await expectOnScreen([a.page, b.page, d.page], title, secret)
  expect(pageErrors).toEqual([])
})

async function expectOnScreen(pages: readonly Page[], title: string, id: string): Promise<void> {
  for (const page of pages) {
    await expect(page.locator('body')).not.toContainText(title)
    await expect(page.locator(`[data-testid="task-row"][data-task-id="${id}"]`)).toHaveCount(0)
  }
}
