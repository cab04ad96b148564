// Offline you can trust: with no network, the status bar says so in words and how many changes
// will upload once back; back online, they upload and it says so. A device far behind shows
// its catch-up — changes applied of how many, bytes fetched — round by round while it works.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openS3Url } from '@clientful/storage-s3'
import { openNodeClient } from 'clientful/node'
import { addTask, createWorkspace, pendingChanges } from './support/board.ts'
import { expect, test } from './support/fixtures.ts'
import { isolatedStorageUrl } from './support/services.ts'
import { createShortInvite, joinAs, statusMessage } from './support/shell.ts'

test('offline, the status bar says how many changes will upload when the connection is back', async ({ services, newDevice }) => {
  const a = await newDevice('A')
  await createWorkspace(a.page, services.appUrl, { name: 'Night shift', storageUrl: isolatedStorageUrl(services, `offline-words-${Date.now()}`) })
  await expect(statusMessage(a.page)).toHaveText('All changes uploaded', { timeout: 30_000 })

  await a.goOffline()
  await expect(statusMessage(a.page)).toHaveText('No connection — you can keep working; changes upload when you’re back')
  await addTask(a.page, 'Check the generator')
  await addTask(a.page, 'Refuel the van')
  await expect(pendingChanges(a.page)).not.toHaveAttribute('data-count', '0')
  const waiting = Number(await pendingChanges(a.page).getAttribute('data-count'))
  await expect(statusMessage(a.page)).toHaveText(`No connection — ${waiting} ${waiting === 1 ? 'change' : 'changes'} will upload when you’re back`)
  await expect(statusMessage(a.page)).toHaveAttribute('data-tone', 'offline')

  await a.goOnline()
  await expect(statusMessage(a.page)).toHaveText('All changes uploaded', { timeout: 30_000 })
  await expect(pendingChanges(a.page)).toHaveAttribute('data-count', '0')
})

test('a device far behind shows its catch-up: changes of how many, and bytes, round by round', async ({ services, newDevice }) => {
  const home = await mkdtemp(join(tmpdir(), 'clientful-e2e-catch-up-'))
  const a = await newDevice('A')
  const b = await newDevice('B')
  try {
    await createWorkspace(a.page, services.appUrl, { name: 'Long haul', storageUrl: isolatedStorageUrl(services, `catch-up-${Date.now()}`) })
    await b.page.goto(await createShortInvite(a.page))
    await joinAs(b.page, 'Bo', 'Long haul')
    await expect(statusMessage(b.page)).toHaveText('All changes uploaded', { timeout: 30_000 })
    await b.goOffline()
    // B knows it is offline before the backlog is written: otherwise "All changes uploaded",
    // still on screen from before, would satisfy the wait below before the catch-up begins.
    await expect(statusMessage(b.page)).toHaveText(/^No connection/)

    // Meanwhile a busy device (a Node client of the same workspace) writes 300 change sets.
    const node = await openNodeClient(home, { openStorage: async (url, shared) => openS3Url(url, (shared as { accessKeyId: string; secretAccessKey: string } | undefined) ?? services.s3Credentials) })
    try {
      const ws = await node.join(await createShortInvite(a.page))
      const log = await ws.doc<Record<string, number>>('field-log')
      for (let i = 0; i < 300; i++) {
        log.change((d) => void (d[`reading-${i}`] = i))
        await ws.seal()
      }
      await ws.sync()
      expect(ws.status.pendingChanges).toBe(0)
    } finally {
      await node.close()
    }

    // B records what its status bar shows while it catches up.
    await b.page.evaluate(() => {
      const seen: { done: number; of: number; bytes: number; text: string }[] = []
      ;(window as unknown as { __catchUp: typeof seen }).__catchUp = seen
      const bar = document.querySelector('[data-testid="status-bar"]')!
      new MutationObserver(() => {
        const progress = bar.querySelector('[data-testid="status-catch-up"]')
        if (!progress) return
        const entry = { done: Number(progress.getAttribute('data-done')), of: Number(progress.getAttribute('data-of')), bytes: Number(progress.getAttribute('data-bytes')), text: bar.querySelector('[data-testid="status-message"]')?.textContent ?? '' }
        const last = seen.at(-1)
        if (!last || last.done !== entry.done || last.of !== entry.of) seen.push(entry)
      }).observe(bar, { subtree: true, childList: true, attributes: true, characterData: true })
    })
    await b.goOnline()
    const recorded = () => b.page.evaluate(() => (window as unknown as { __catchUp: unknown[] }).__catchUp.length)
    await expect.poll(recorded, { timeout: 60_000 }).toBeGreaterThan(0)
    await expect(b.page.getByTestId('status-catch-up')).toHaveCount(0, { timeout: 60_000 })
    await expect(statusMessage(b.page)).toHaveText('All changes uploaded', { timeout: 60_000 })
    await addTask(b.page, 'Still usable') // the board answers as ever

    const seen = await b.page.evaluate(() => (window as unknown as { __catchUp: { done: number; of: number; bytes: number; text: string }[] }).__catchUp)
    expect(seen.length).toBeGreaterThanOrEqual(3) // rounds: what arrived is applied (and on screen) before the rest
    expect(seen[0]).toMatchObject({ done: 0 })
    expect(seen[0]!.of).toBeGreaterThanOrEqual(300)
    expect(seen[0]!.text).toMatch(/^Catching up: 0 of \d+ changes \(0 B\)$/)
    // Each round moves it on (the screen may skip the very last one: the sync ends right after).
    for (const [i, entry] of seen.entries()) {
      expect(entry.of).toBe(seen[0]!.of)
      if (i > 0) expect(entry.done).toBeGreaterThan(seen[i - 1]!.done)
      expect(entry.done).toBeLessThanOrEqual(entry.of)
    }
    const last = seen.at(-1)!
    expect(last.bytes).toBeGreaterThan(last.done * 200)
    expect(last.text).toMatch(/^Catching up: [\d,]+ of [\d,]+ changes \([\d.]+ [kM]B\)$/)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})
