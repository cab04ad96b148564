// Crash-safe file replacement, the one implementation for every Node writer (the device's
// files, the key store, the local-folder storage): write a temp file beside the target (same
// folder, so the rename never crosses file systems), fsync it, rename it over the target,
// fsync the folder. A reader sees the old or the new content whole; a crash leaves the old
// file and at most a stray temp file, which listings skip by its suffix.

import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

export const TEMP_SUFFIX = '.tmp-clientful'

export interface AtomicWriteOptions {
  /** Permission bits of a new file. Default 0o644. */
  readonly mode?: number
  /** Ends the temp file's name, for a caller whose listings skip another suffix. */
  readonly tempSuffix?: string
}

export async function writeFileAtomic(path: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const temp = join(dir, `.${randomBytes(8).toString('hex')}${options.tempSuffix ?? TEMP_SUFFIX}`)
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o644)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncDirectory(dir)
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open folders: skip there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Best effort: the data itself is already synced.
  } finally {
    await handle?.close()
  }
}
