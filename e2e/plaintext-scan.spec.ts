// What storage and the relay see is ciphertext: after two devices write marker strings into
// task titles, notes and the workspace name (over the relay and into storage), no byte of the
// s3rver data folder and no relay payload (captured on the Redis fan-out channel) contains a
// marker in any encoding — while the markers are on both screens.

import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { Redis } from 'ioredis'
import { addTask, createInviteLink, createWorkspace, editOpenTask, joinWithLink, openTask, pendingChanges, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { containsMarker, readTree } from './support/plaintext-scan.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

test('storage and relay never see task titles, notes or the workspace name in plaintext', async ({ browser }) => {
  const services = e2eServices()
  test.skip(services.redisUrl === undefined, 'redis-server is not installed: relay traffic cannot be captured')
  const tag = randomBytes(6).toString('hex')
  const markers = {
    workspace: `MARKER-PLAINTEXT-${tag}-workspace`,
    title: `MARKER-PLAINTEXT-${tag}-title-Überprüfung`, // non-ASCII: escaped and raw JSON forms differ
    notes: `MARKER-PLAINTEXT-${tag}-notes`,
    relayed: `MARKER-PLAINTEXT-${tag}-relayed`,
  }

  const captured: Buffer[] = []
  const subscriber = new Redis(services.redisUrl ?? '')
  subscriber.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, message: Buffer) => captured.push(Buffer.from(message)))
  await subscriber.psubscribe('clientful:relay:*')

  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    const folder = `plaintext-${tag}`
    await createWorkspace(a.page, services.appUrl, { name: markers.workspace, storageUrl: isolatedStorageUrl(services, folder) })
    await joinWithLink(b.page, await createInviteLink(a.page), markers.workspace)
    const id = await addTask(a.page, markers.title)
    await expect(taskRow(b.page, markers.title)).toBeVisible()
    await openTask(b.page, id)
    await editOpenTask(b.page, { notes: markers.notes })
    await openTask(a.page, id)
    await expect(a.page.getByTestId('task-notes-input')).toHaveText(markers.notes)
    await addTask(b.page, markers.relayed)
    await expect(taskRow(a.page, markers.relayed)).toBeVisible()
    for (const device of [a, b]) await expect(pendingChanges(device.page)).toHaveAttribute('data-count', '0', { timeout: 30_000 })

    // The markers are really there to find: on screen, and in the documents.
    const screen = await a.page.locator('body').innerText()
    for (const marker of [markers.workspace, markers.title, markers.relayed]) expect(screen).toContain(marker)
    expect(containsMarker(Buffer.from(JSON.stringify(await a.page.evaluate(() => window.__clientfulDebug?.tasks()))), markers.notes)).toBe(true)

    // Something was uploaded and relayed, so the scans below can fail.
    const files = await readTree(services.s3Dir)
    const workspaceFiles = files.filter((file) => file.path.includes(folder))
    expect(workspaceFiles.length).toBeGreaterThan(3)
    expect(captured.length).toBeGreaterThan(0)

    for (const marker of Object.values(markers)) {
      const leakedFiles = files.filter((file) => containsMarker(file.bytes, marker)).map((file) => file.path)
      expect(leakedFiles, `files containing ${marker}`).toEqual([])
      const leakedFrames = captured.filter((frame) => containsMarker(frame, marker)).length
      expect(leakedFrames, `relay payloads containing ${marker}`).toBe(0)
    }
    test.info().annotations.push({ type: 'scanned', description: `${files.length} files, ${captured.length} relay payloads` })
  } finally {
    await a.close()
    await b.close()
    subscriber.disconnect()
  }
})

test('the scanner finds a marker in every encoding it checks', () => {
  const marker = 'MARKER-PLAINTEXT-selftest-Überprüfung'
  for (const text of [marker, JSON.stringify({ t: marker }), JSON.stringify({ t: marker }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)]) {
    expect(containsMarker(Buffer.from(`xx${text}yy`, 'utf8'), marker)).toBe(true)
  }
  expect(containsMarker(Buffer.from(marker, 'utf16le'), marker)).toBe(true)
  expect(containsMarker(Buffer.from('MARKER-PLAINTEXT-selftest', 'utf8'), marker)).toBe(false)
})
