// A 20 MB file (5 encrypted chunks (4 MiB each)) attached in one browser reaches another through s3rver
// byte for byte: the SHA-256 each page computes over what it opens equals the original's.
// Both progress bars — the upload on one device, the download on the other — reach 100%.

import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { attachFiles, attachment, openUrl, pendingAttachments, sha256At, sha256Hex } from './support/attachments.ts'
import { addTask, createInviteLink, createWorkspace, joinWithLink, openTask, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

const SIZE = 20 * 1024 * 1024

test('a 20 MB file round-trips byte-identical through storage to another browser, with progress to 100%', async ({ browser }) => {
  test.setTimeout(240_000)
  const services = e2eServices()
  const survey = { name: 'site-survey.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(SIZE - 9)]) }
  const expected = sha256Hex(survey.buffer)
  const a = await openDevice(browser, services, 'A')
  const b = await openDevice(browser, services, 'B')
  try {
    await createWorkspace(a.page, services.appUrl, { name: 'Survey team', storageUrl: isolatedStorageUrl(services, `attach-large-${Date.now()}`) })
    await joinWithLink(b.page, await createInviteLink(a.page), 'Survey team')
    const id = await addTask(a.page, 'File the culvert survey')
    await expect(taskRow(b.page, 'File the culvert survey')).toBeVisible()
    await openTask(a.page, id)
    await openTask(b.page, id)

    await attachFiles(a.page, 'pdf', [survey])
    const mine = attachment(a.page, survey.name)
    await expect(mine.getByTestId('attachment-upload-progress')).toHaveAttribute('data-percent', '100', { timeout: 180_000 })
    await expect(pendingAttachments(a.page)).toHaveCount(0, { timeout: 30_000 })
    await mine.getByTestId('attachment-load').click()
    expect(await sha256At(a.page, await openUrl(mine))).toBe(expected)

    // The other device fetches it only when asked, with a progress bar.
    const theirs = attachment(b.page, survey.name)
    await expect(theirs.getByTestId('attachment-name')).toHaveText(survey.name)
    await expect(theirs.getByTestId('attachment-load')).toContainText('20.0 MB')
    await theirs.getByTestId('attachment-load').click()
    const url = await openUrl(theirs)
    await expect(theirs.getByTestId('attachment-download-progress')).toHaveAttribute('data-percent', '100')
    expect(await sha256At(b.page, url)).toBe(expected)
  } finally {
    await a.close()
    await b.close()
  }
})
