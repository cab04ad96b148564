// A photo attached while the device is offline (storage and relay unreachable) is readable
// there at once and counted as waiting; it uploads by itself once the device is back, and the
// other device shows its thumbnail and opens the full file byte for byte. Storage holds its
// chunks, and no byte of the s3rver data folder carries the marker the photo holds in the clear.

import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { attachFiles, attachment, bytesAt, openUrl, pendingAttachments, pngWithText } from './support/attachments.ts'
import { addTask, createInviteLink, createWorkspace, joinWithLink, openTask, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { containsMarker, readTree } from './support/plaintext-scan.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

test('a photo attached offline uploads once back online; the other device opens it byte for byte; storage sees only ciphertext', async ({ browser }) => {
  const services = e2eServices()
  const tag = randomBytes(6).toString('hex')
  const marker = `MARKER-PLAINTEXT-${tag}-photo`
  const photo = { name: 'pump-housing.png', mimeType: 'image/png', buffer: pngWithText(marker) }
  const folder = `attach-offline-${tag}`
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    await createWorkspace(a.page, services.appUrl, { name: 'Pump crew', storageUrl: isolatedStorageUrl(services, folder) })
    await joinWithLink(b.page, await createInviteLink(a.page), 'Pump crew')
    const id = await addTask(a.page, 'Inspect pump housing')
    await expect(taskRow(b.page, 'Inspect pump housing')).toBeVisible()
    await openTask(a.page, id)
    await openTask(b.page, id)

    await a.goOffline()
    await expect(a.page.getByTestId('status-online')).toHaveText('offline')
    await attachFiles(a.page, 'photo', [photo])
    const mine = attachment(a.page, photo.name)
    // Readable on this device at once, and counted as waiting to upload.
    await expect(mine.getByTestId('attachment-thumbnail')).toBeVisible()
    expect((await bytesAt(a.page, await openUrl(mine))).equals(photo.buffer)).toBe(true)
    await expect(mine.getByTestId('attachment-upload-waiting')).toBeVisible()
    await expect(pendingAttachments(a.page)).toHaveAttribute('data-count', '1')
    await expect(attachment(b.page, photo.name)).toHaveCount(0)

    await a.goOnline()
    await expect(mine.getByTestId('attachment-upload-progress')).toHaveAttribute('data-percent', '100', { timeout: 60_000 })
    await expect(pendingAttachments(a.page)).toHaveCount(0, { timeout: 30_000 })

    // The other device: the thumbnail (a decoded image), then the full file in a new tab.
    const theirs = attachment(b.page, photo.name)
    const thumbnail = theirs.getByTestId('attachment-thumbnail')
    await expect(thumbnail).toBeVisible({ timeout: 60_000 })
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2)
    const [tab] = await Promise.all([b.page.waitForEvent('popup'), theirs.getByTestId('attachment-open').click()])
    await tab.waitForLoadState()
    expect(tab.url()).toMatch(/^blob:/)
    expect((await bytesAt(tab, tab.url())).equals(photo.buffer)).toBe(true)
    await tab.close()

    // Storage holds the photo's chunks, and none of them (nor any other file) shows the marker.
    const files = await readTree(services.s3Dir)
    const chunkFiles = files.filter((file) => file.path.includes(folder) && file.path.includes('blobs') && file.path.includes('.bin'))
    expect(chunkFiles.length).toBeGreaterThan(0)
    expect(files.filter((file) => containsMarker(file.bytes, marker)).map((file) => file.path)).toEqual([])
    expect(files.filter((file) => file.bytes.includes(photo.buffer.subarray(0, 24))).map((file) => file.path)).toEqual([])
    test.info().annotations.push({ type: 'scanned', description: `${files.length} files, ${chunkFiles.length} attachment chunk file(s)` })
  } finally {
    await a.close()
    await b.close()
  }
})
