// Garbage device link codes and recovery kits end as readable errors, never a crash, and the
// browser stays as it was: fresh stays fresh, a member keeps its board.

import { expect, test } from '@playwright/test'
import { addTask, createWorkspace, taskRow } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { createDeviceLink } from './support/people.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'

test('a garbage or mistyped device link shows a readable error', async ({ browser }) => {
  const services = e2eServices()
  const fresh = await openDevice(browser, services, 'fresh')
  const member = await openDevice(browser, services, 'member')
  try {
    await fresh.page.goto(`${services.appUrl}#/link/not-a-link-at-all`)
    await fresh.page.getByTestId('link-submit').click()
    await expect(fresh.page.getByTestId('link-error')).toHaveText('Invalid device link: expected cl1.<data>.<checksum>')
    await expect(fresh.page.getByTestId('status-error')).toContainText('Invalid device link')

    // A real link mistyped: one character of its data changed.
    await createWorkspace(member.page, services.appUrl, { name: 'Yard 2', storageUrl: isolatedStorageUrl(services, `bad-link-${Date.now()}`) })
    await addTask(member.page, 'Stack pallets')
    const url = await createDeviceLink(member.page)
    await fresh.page.getByTestId('link-code').fill(mistype(url))
    await fresh.page.getByTestId('link-submit').click()
    await expect(fresh.page.getByTestId('link-error')).toContainText('checksum mismatch')

    // A member's browser cannot be linked: it says so instead of trying.
    await member.page.goto(url)
    await expect(member.page.getByTestId('not-fresh')).toBeVisible()
    await expect(member.page.getByTestId('link-submit')).toBeDisabled()
    await member.page.goto(services.appUrl)
    await expect(taskRow(member.page, 'Stack pallets')).toBeVisible()

    // The fresh browser is still fresh.
    await fresh.page.goto(services.appUrl)
    await expect(fresh.page.getByTestId('create-form')).toBeVisible()
  } finally {
    await fresh.close()
    await member.close()
  }
})

test('a garbage recovery kit, pasted or chosen as a file, shows a readable error', async ({ browser }) => {
  const services = e2eServices()
  const fresh = await openDevice(browser, services, 'fresh')
  try {
    await fresh.page.goto(services.appUrl)
    await fresh.page.getByTestId('setup-restore').click()
    await expect(fresh.page.getByTestId('restore-screen')).toBeVisible()

    await fresh.page.getByTestId('restore-submit').click()
    await expect(fresh.page.getByTestId('restore-error')).toHaveText('Paste the recovery kit or choose its file first')

    await fresh.page.getByTestId('restore-text').fill('CLIENTFUL RECOVERY KIT\n\nRecovery code:\nhello, world')
    await fresh.page.getByTestId('restore-submit').click()
    await expect(fresh.page.getByTestId('restore-error')).toHaveText('Invalid recovery kit: expected cr1.<data>.<checksum>')
    await expect(fresh.page.getByTestId('status-error')).toContainText('Invalid recovery kit')

    // A file with a code-shaped line whose checksum is wrong.
    await fresh.page.getByTestId('restore-file').setInputFiles({ name: 'kit.txt', mimeType: 'text/plain', buffer: Buffer.from('Recovery code:\ncr1.eyJ1IjoiIn0.AAAAAA\n') })
    await expect(fresh.page.getByTestId('restore-text')).toHaveValue(/cr1\.eyJ1IjoiIn0/)
    await fresh.page.getByTestId('restore-submit').click()
    await expect(fresh.page.getByTestId('restore-error')).toContainText('Invalid recovery kit: checksum mismatch')

    // Binary junk as the file: still a readable error.
    await fresh.page.getByTestId('restore-file').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) })
    await fresh.page.getByTestId('restore-submit').click()
    await expect(fresh.page.getByTestId('restore-error')).toContainText('Invalid recovery kit')

    await fresh.page.goto(services.appUrl)
    await expect(fresh.page.getByTestId('create-form')).toBeVisible()
  } finally {
    await fresh.close()
  }
})

/** Changes one character in the middle of the code's data part (what a typo does). */
function mistype(link: string): string {
  const at = link.indexOf('cl1.') + 4 + 20
  return link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1)
}
