// Attachments that cannot be shown (yet) say so on themselves only. A peer that receives the
// reference (over the relay) before its device finished uploading shows "uploading on the other
// device" and the photo once a later sync finds it. A chunk that storage serves damaged fails
// that one attachment, readably, with a retry; the task and its other attachment keep working.

import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { attachFiles, attachment, bytesAt, openUrl, pendingAttachments, pngWithText } from './support/attachments.ts'
import { addTask, createInviteLink, createWorkspace, editOpenTask, expectRelayConnected, joinWithLink, openTask, taskRow } from './support/board.ts'
import { openDevice, type Device } from './support/device.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

const isChunkOf = (blob: string) => (url: URL) => url.pathname.includes(`/blobs/${blob}/`) && url.pathname.endsWith('.bin')

async function twoDevicesOnOneTask(a: Device, b: Device, folder: string, openOnB: boolean): Promise<string> {
  const services = e2eServices()
  await createWorkspace(a.page, services.appUrl, { name: 'Bridge crew', storageUrl: isolatedStorageUrl(services, folder) })
  await joinWithLink(b.page, await createInviteLink(a.page), 'Bridge crew')
  const id = await addTask(a.page, 'Photograph the bearings')
  await expect(taskRow(b.page, 'Photograph the bearings')).toBeVisible()
  await openTask(a.page, id)
  if (openOnB) await openTask(b.page, id)
  return id
}

test('a peer shows "uploading on the other device" until the upload is done, then the photo', async ({ browser }) => {
  const services = e2eServices()
  const photo = { name: 'bearing-north.png', mimeType: 'image/png', buffer: pngWithText(`bearing-${randomBytes(4).toString('hex')}`) }
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    await twoDevicesOnOneTask(a, b, `attach-early-${Date.now()}`, true)
    await expectRelayConnected(a.page)
    await expectRelayConnected(b.page)

    // A's chunk uploads are held back: the reference reaches B over the relay first.
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await a.context.route(
      (url) => url.pathname.includes('/blobs/') && url.pathname.endsWith('.bin'),
      async (route) => {
        await released
        await route.continue()
      },
    )
    await attachFiles(a.page, 'photo', [photo])
    const theirs = attachment(b.page, photo.name)
    await expect(theirs.getByTestId('attachment-waiting')).toContainText('Uploading on the other device')
    await expect(theirs.getByTestId('attachment-error')).toHaveCount(0)

    release()
    await expect(attachment(a.page, photo.name).getByTestId('attachment-upload-progress')).toHaveAttribute('data-percent', '100', { timeout: 30_000 })
    await expect(pendingAttachments(a.page)).toHaveCount(0, { timeout: 30_000 })
    await expect(theirs.getByTestId('attachment-thumbnail')).toBeVisible({ timeout: 60_000 })
    expect((await bytesAt(b.page, await openUrl(theirs))).equals(photo.buffer)).toBe(true)
  } finally {
    await a.close()
    await b.close()
  }
})

test('a damaged chunk fails that attachment only, readably, with a retry; the task and the other photo keep working', async ({ browser }) => {
  const services = e2eServices()
  const first = { name: 'bearing-east.png', mimeType: 'image/png', buffer: pngWithText('east') }
  const second = { name: 'bearing-west.png', mimeType: 'image/png', buffer: pngWithText('west') }
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    const id = await twoDevicesOnOneTask(a, b, `attach-damaged-${Date.now()}`, false)
    await attachFiles(a.page, 'photo', [first, second])
    for (const file of [first, second]) {
      await expect(attachment(a.page, file.name).getByTestId('attachment-upload-progress')).toHaveAttribute('data-percent', '100', { timeout: 30_000 })
    }
    await expect(pendingAttachments(a.page)).toHaveCount(0, { timeout: 30_000 })
    const damaged = await attachment(a.page, second.name).getAttribute('data-blob')
    expect(damaged).toMatch(/^[0-9a-f]{32}$/)

    // Storage (as B receives it) serves garbage for one chunk of the second photo.
    const tamper = isChunkOf(damaged ?? '')
    await b.context.route(tamper, (route) =>
      route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' }, body: randomBytes(200) }),
    )
    await openTask(b.page, id)
    const good = attachment(b.page, first.name)
    const bad = attachment(b.page, second.name)
    await expect(good.getByTestId('attachment-thumbnail')).toBeVisible({ timeout: 60_000 })
    await expect(bad.getByTestId('attachment-error')).toHaveAttribute('data-reason', 'corrupt-chunk', { timeout: 60_000 })
    await expect(bad.getByTestId('attachment-error')).toContainText('damaged or was tampered with')
    await expect(bad.getByTestId('attachment-thumbnail')).toHaveCount(0)

    // The task still edits and syncs; the good photo still opens.
    await editOpenTask(b.page, { notes: 'East bearing fine; west photo to retake?' })
    await expect(a.page.getByTestId('task-notes-input')).toHaveText('East bearing fine; west photo to retake?')
    expect((await bytesAt(b.page, await openUrl(good))).equals(first.buffer)).toBe(true)

    // Storage serves the real chunk again: "Try again" shows the photo.
    await b.context.unroute(tamper)
    await bad.getByTestId('attachment-retry').click()
    await expect(bad.getByTestId('attachment-thumbnail')).toBeVisible({ timeout: 60_000 })
    await expect(bad.getByTestId('attachment-error')).toHaveCount(0)
    expect((await bytesAt(b.page, await openUrl(bad))).equals(second.buffer)).toBe(true)
  } finally {
    await a.close()
    await b.close()
  }
})
