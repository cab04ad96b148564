// Google Drive in the browser tests: founding a workspace on Drive through the app, and looking
// into the Drive API test server from the test (as the folder's owner would in Drive).

import { expect, type BrowserContext, type Page } from '@playwright/test'
import type { E2eServices } from './services.ts'

/**
 * Founds a workspace on Google Drive in a folder the app creates, with no relay: everything
 * travels through Drive. `you` names the founder when given.
 */
export async function createDriveWorkspace(page: Page, appUrl: string, name: string, you?: string): Promise<void> {
  await page.goto(appUrl)
  await page.getByTestId('create-name').fill(name)
  if (you !== undefined) await page.getByTestId('create-your-name').fill(you)
  await page.getByTestId('create-storage-kind').selectOption('gdrive')
  await expect(page.getByTestId('create-drive-folder')).toHaveValue('') // empty: the app creates a folder
  await page.getByTestId('create-relay').fill('')
  await page.getByTestId('create-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(name, { timeout: 30_000 })
}

interface DriveEntry {
  readonly id: string
  readonly name: string
  readonly mimeType: string
}

const FOLDER = 'application/vnd.google-apps.folder'

/** Every file under `folderId`, as slash-separated paths relative to it. */
export async function driveFilePaths(services: E2eServices, folderId: string, prefix = ''): Promise<string[]> {
  const query = new URLSearchParams({ q: `'${folderId}' in parents and trashed = false`, fields: 'files(id,name,mimeType)', pageSize: '1000' })
  const response = await fetch(`${services.driveApiUrl}/drive/v3/files?${query}`, { headers: { authorization: `Bearer ${services.driveToken}` } })
  if (!response.ok) throw new Error(`Drive test server: listing ${folderId} answered ${response.status}`)
  const { files } = (await response.json()) as { files: DriveEntry[] }
  const paths: string[] = []
  for (const entry of files) {
    if (entry.mimeType === FOLDER) paths.push(...(await driveFilePaths(services, entry.id, `${prefix}${entry.name}/`)))
    else paths.push(prefix + entry.name)
  }
  return paths.sort()
}

/**
 * Answers for Drive's permissions API on `folderId` in this browser context (the test server
 * has no such endpoint): each grant the app asks for is recorded in the returned list.
 */
export async function recordDriveGrants(context: BrowserContext, services: E2eServices, folderId: string): Promise<unknown[]> {
  const grants: unknown[] = []
  await context.route(
    (u) => u.href.startsWith(`${services.driveApiUrl}/drive/v3/files/${folderId}/permissions`),
    async (route) => {
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' }
      if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors })
      grants.push(route.request().postDataJSON())
      return route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'permission-1' }) })
    },
  )
  return grants
}
