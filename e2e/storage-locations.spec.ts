// The Storage page lists every storage location with its own health. A second bucket (its own
// s3rver) is added and filled with a full copy; when its server goes away that location shows
// as unreachable while the primary stays healthy and edits keep reaching it; an endpoint that
// never answers is refused when added; a removed location no longer counts.

import { createServer } from 'node:net'
import { expect, test } from '@playwright/test'
import { startS3rver, type RunningS3rver } from '../scripts/services/s3rver.ts'
import { addTask, createWorkspace, openPage } from './support/board.ts'
import { openDevice } from './support/device.ts'
import { readTree } from './support/plaintext-scan.ts'
import { e2eServices, isolatedStorageUrl } from './support/services.ts'
import { storageRow, storageRows, submitS3Location, syncFromStoragePage } from './support/storage-locations.ts'

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const s3Url = (bucket: string, folder: string, endpoint: string) => `s3://${bucket}/${folder}?endpoint=${endpoint}&region=us-east-1&forcePathStyle=true`

test('an unreachable storage location shows as such while the other stays healthy', async ({ browser }) => {
  const services = e2eServices()
  const device = await openDevice(browser, services, 'A')
  let spare: RunningS3rver | undefined
  try {
    const primary = isolatedStorageUrl(services, `locations-${Date.now()}`)
    await createWorkspace(device.page, services.appUrl, { name: 'Depot', storageUrl: primary })
    await openPage(device.page, 'storage')
    await expect(storageRows(device.page)).toHaveCount(1)
    await expect(storageRow(device.page, primary)).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
    await expect(storageRow(device.page, primary).getByTestId('storage-primary')).toBeVisible()
    await expect(storageRow(device.page, primary).getByTestId('storage-remove')).toHaveCount(0)

    // An endpoint nobody answers is refused with a readable reason; nothing is added.
    await submitS3Location(device.page, s3Url('nowhere', 'copy', `http://127.0.0.1:${await closedPort()}`), services.s3Credentials)
    await expect(device.page.getByTestId('add-error')).toContainText('Storage unreachable', { timeout: 60_000 })
    await expect(storageRows(device.page)).toHaveCount(1)

    // A second bucket on its own server: added, synced, and given a full copy.
    spare = await startS3rver({ bucket: 'spare' })
    const extra = s3Url('spare', 'board-copy', spare.endpoint)
    await submitS3Location(device.page, extra, spare.credentials)
    await expect(storageRows(device.page)).toHaveCount(2)
    await expect(device.page.getByTestId('add-error')).toHaveCount(0)
    await expect(storageRow(device.page, extra)).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
    await expect(storageRow(device.page, extra).getByTestId('storage-state')).toHaveText('healthy')
    const copied = (await readTree(spare.dir)).filter((file) => file.path.includes('board-copy') && file.path.includes('workspace.json'))
    expect(copied.length).toBeGreaterThan(0)

    // Its server goes away: that location fails as unreachable, the primary stays healthy.
    await spare.stop()
    spare = undefined
    await openPage(device.page, 'board')
    await addTask(device.page, 'Count the spare tyres')
    await openPage(device.page, 'storage')
    await syncFromStoragePage(device.page)
    const failing = storageRow(device.page, extra)
    await expect(failing).toHaveAttribute('data-state', 'error')
    await expect(failing).toHaveAttribute('data-error-kind', 'unreachable')
    await expect(failing.getByTestId('storage-error')).toContainText('Storage unreachable')
    const healthy = storageRow(device.page, primary)
    await expect(healthy).toHaveAttribute('data-state', 'ok')
    await expect(healthy.getByTestId('storage-error')).toHaveCount(0)

    // Removing the failed location: only the primary is left, and it syncs cleanly.
    await failing.getByTestId('storage-remove').click()
    await failing.getByTestId('storage-remove-confirm').click()
    await expect(storageRows(device.page)).toHaveCount(1)
    await expect(device.page.getByTestId('storage-status')).toContainText('removed')
    await expect(storageRow(device.page, primary)).toHaveAttribute('data-state', 'ok')
    await expect(device.page.getByTestId('status-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 })
  } finally {
    await spare?.stop()
    await device.close()
  }
})
