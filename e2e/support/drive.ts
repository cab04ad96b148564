// Looking into the Drive API test server from the test (as the folder's owner would in Drive):
// the names of everything under a folder.

import type { E2eServices } from './services.ts'

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
