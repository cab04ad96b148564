// Crash-safe file replacement: write a temp file beside the target, fsync it, rename over the
// target, fsync the directory. A reader sees the old or the new content, never a torn file.

import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

export const TEMP_SUFFIX = '.tmp-clientful'

export async function writeFileAtomic(path: string, data: Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`)
  const handle = await open(temp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncDirectory(dir)
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}
