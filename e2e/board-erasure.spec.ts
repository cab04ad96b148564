// "Erase permanently": an admin erases a task. The board moves to a copy without it on every
// device; its text is then in no document's current state on any device (the framework's
// readable export), in no record of the current board on any device's disk (its chunks hold no
// history from before), in nothing a member who joins afterwards holds for the current board,
// and in no stored file in the clear. What the engine does not remove yet (docs/ERASURE.md) is
// checked to be exactly that: the previous board's history on the devices that had it.

import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createInviteLink, editOpenTask, expectRelayConnected, joinWithLink, openTask, pendingChanges, taskRow } from './support/board.ts'
import { addAndOpenTask, startTeam } from './support/board-steps.ts'
import { documentChunks, historyHolds } from './support/document-history.ts'
import { expect, test } from './support/fixtures.ts'
import { documentsOf, readLocalData } from './support/local-data.ts'
import { containsMarker, readTree } from './support/plaintext-scan.ts'

test('an erased task: gone from every current document, from the current board on every disk, and from storage in the clear', async ({ services, newDevice }) => {
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

  // The admin erases it; both boards continue in the copy without it.
  await a.page.getByTestId('erase').click()
  await a.page.getByTestId('erase-confirm').click()
  await expect(a.page.getByTestId('erase-remains')).toContainText('the text stays in older history')
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
  await expect(d.page.getByTestId('board')).toHaveAttribute('data-doc', board!, { timeout: 30_000 })
  await expect(taskRow(d.page, 'Keep this one')).toBeVisible()
  for (const page of [a.page, b.page, d.page]) await expect(pendingChanges(page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

  const remains: string[] = []
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
    expect(current.some((chunk) => containsMarker(chunk.bytes, notes))).toBe(false)
    // What remains until the engine forgets erased history: the previous board's, nothing else.
    const previous = documentChunks(records, ids['tasks']!)
    if (historyHolds(previous, title)) remains.push(`${name}: the previous board's history (${previous.length} chunks)`)
    const elsewhere = records.filter((r) => !previous.includes(r) && containsMarker(r.bytes, title)).map((r) => r.key.join('/'))
    expect(elsewhere, `${name}'s other records holding the title in the clear`).toEqual([])
  }
  expect(remains.length).toBeGreaterThan(0) // the scan finds what is there: the history erasure does not reach yet
  test.info().annotations.push({ type: 'remains until the engine part of erasure (docs/ERASURE.md)', description: remains.join('; ') })

  // Storage in the clear: no file holds either text.
  const files = (await readTree(services.s3Dir)).filter((file) => file.path.includes(folder))
  expect(files.length).toBeGreaterThan(3)
  for (const marker of [title, notes]) expect(files.filter((f) => containsMarker(f.bytes, marker)).map((f) => f.path)).toEqual([])
  await expectOnScreen([a.page, b.page, d.page], title, secret)
  expect(pageErrors).toEqual([])
})

async function expectOnScreen(pages: readonly Page[], title: string, id: string): Promise<void> {
  for (const page of pages) {
    await expect(page.locator('body')).not.toContainText(title)
    await expect(page.locator(`[data-testid="task-row"][data-task-id="${id}"]`)).toHaveCount(0)
  }
}
