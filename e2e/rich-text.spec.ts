// A task's notes are rich text (ProseMirror bound to Automerge text through
// @automerge/prosemirror and clientful's toRepoHandle). Two devices type into the same note at
// the same time — live, keystroke by keystroke, and then offline at the very same spot — and
// both end with both insertions, merged character by character: nobody's typing is lost.

import { test, expect } from './support/fixtures.ts'
import { addTask, createInviteLink, createWorkspace, expectRelayConnected, joinWithLink, notesEditor, openTask, readReplica, taskRow, typeNotes } from './support/board.ts'
import type { Page } from '@playwright/test'

/** Types `text` into `page`'s focused editor one key at a time, alternating with `other`. */
async function typeTogether(a: { page: Page; text: string }, b: { page: Page; text: string }): Promise<void> {
  for (let i = 0; i < Math.max(a.text.length, b.text.length); i++) {
    if (i < a.text.length) await a.page.keyboard.type(a.text[i]!)
    if (i < b.text.length) await b.page.keyboard.type(b.text[i]!)
  }
}

async function notesOf(page: Page, taskId: string): Promise<string> {
  const { tasks } = await readReplica(page)
  return String((tasks as Record<string, { notes?: unknown }>)[taskId]?.notes ?? '')
}

test('two devices type into the same note at once and both insertions survive, character by character', async ({ newDevice, services }) => {
  const a = await newDevice('A')
  const b = await newDevice('B')
  await createWorkspace(a.page, services.appUrl, { name: 'Rich text' })
  await joinWithLink(b.page, await createInviteLink(a.page), 'Rich text')
  await expectRelayConnected(a.page)
  await expectRelayConnected(b.page)

  const id = await addTask(a.page, 'Pump station 2')
  await openTask(a.page, id)
  await typeNotes(a.page, 'The pump leaks.')
  await expect(taskRow(b.page, 'Pump station 2')).toBeVisible()
  await openTask(b.page, id)
  await expect(notesEditor(b.page)).toHaveText('The pump leaks.')

  // Live: A types at the start while B types at the end, keystrokes interleaved.
  await notesEditor(a.page).click()
  await a.page.keyboard.press('ControlOrMeta+Home')
  await notesEditor(b.page).click()
  await b.page.keyboard.press('ControlOrMeta+End')
  await typeTogether({ page: a.page, text: 'Urgent: ' }, { page: b.page, text: ' Call Sam.' })
  const live = 'Urgent: The pump leaks. Call Sam.'
  await expect(notesEditor(a.page)).toHaveText(live)
  await expect(notesEditor(b.page)).toHaveText(live)

  // Offline: both type at the very same spot (after "pump"); neither sees the other until both are back.
  await a.goOffline()
  await b.goOffline()
  for (const page of [a.page, b.page]) {
    await notesEditor(page).click()
    await page.keyboard.press('ControlOrMeta+Home')
    for (let i = 0; i < 'Urgent: The pump'.length; i++) await page.keyboard.press('ArrowRight')
  }
  await typeTogether({ page: a.page, text: ' (north)' }, { page: b.page, text: ' at the inlet' })
  await expect(notesEditor(a.page)).toHaveText('Urgent: The pump (north) leaks. Call Sam.')
  await expect(notesEditor(b.page)).toHaveText('Urgent: The pump at the inlet leaks. Call Sam.')
  await a.goOnline()
  await b.goOnline()

  // Each insertion stays whole (Automerge orders the two runs, it does not mix their letters).
  const merged = /^Urgent: The pump( \(north\) at the inlet| at the inlet \(north\)) leaks\. Call Sam\.$/
  await expect(notesEditor(a.page)).toHaveText(merged, { timeout: 30_000 })
  await expect(notesEditor(b.page)).toHaveText(merged, { timeout: 30_000 })
  const onA = await notesEditor(a.page).textContent()
  await expect(notesEditor(b.page)).toHaveText(onA ?? '')
  await expect.poll(() => notesOf(a.page, id)).toBe(onA)
  await expect.poll(() => notesOf(b.page, id)).toBe(onA)
})
