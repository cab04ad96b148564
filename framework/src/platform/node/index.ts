// Node platform: a home folder holds the device's keys (keys.json, 0600) and its local data.

import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { Clientful, type ClientfulOptions } from '../../client.ts'
import { FileKeyStore } from './file-key-store.ts'
import { FileStorageAdapter } from './file-storage-adapter.ts'
import { lockHome, type HomeLockOptions } from './home-lock.ts'

export { FileKeyStore } from './file-key-store.ts'
export { FileStorageAdapter } from './file-storage-adapter.ts'
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts'

export type { HomeLockOptions, LockHolder } from './home-lock.ts'

/**
 * Opens the device whose home is `home`, waiting (by default up to a minute) while another
 * process has it open: one engine per device. close() frees it for the next process.
 */
export async function openNodeClient(
  home: string,
  options: Omit<ClientfulOptions, 'local' | 'keys' | 'deviceLock'> & { readonly lock?: HomeLockOptions },
): Promise<Clientful> {
  await mkdir(home, { recursive: true, mode: 0o700 })
  const { lock, ...rest } = options
  return Clientful.open({
    ...rest,
    local: new FileStorageAdapter(join(home, 'data')),
    keys: new FileKeyStore(join(home, 'keys.json')),
    deviceLock: await lockHome(home, lock),
  })
}
export { nodeWebSocket } from './websocket.ts'
