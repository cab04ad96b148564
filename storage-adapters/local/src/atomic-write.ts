// Replace a file so that readers see the old or the new content whole, and a crash leaves
// the old file: write a temp file beside it, fsync it, rename it over the target.

import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { TEMP_SUFFIX } from './folder-paths.ts'

export async function writeFileAtomically(target: string, data: Uint8Array): Promise<void> {
  // Same folder, so the rename never crosses file systems.
  const temp = join(dirname(target), `.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`)
  try {
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncFolder(dirname(target))
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open folders: skip there. */
async function syncFolder(folder: string): Promise<void> {
  let handle
  try {
    handle = await open(folder, 'r')
    await handle.sync()
  } catch {
    // Best effort: the data itself is already synced.
  } finally {
    await handle?.close()
  }
}
