// Node platform: a home folder holds the device's keys (keys.json, 0600) and its local data.

import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { Clientful, type ClientfulOptions } from '../../client.ts'
import { FileKeyStore } from './file-key-store.ts'
import { FileStorageAdapter } from './file-storage-adapter.ts'

export { FileKeyStore } from './file-key-store.ts'
export { FileStorageAdapter } from './file-storage-adapter.ts'
export { writeFileAtomic } from './atomic-file.ts'

export async function openNodeClient(home: string, options: Omit<ClientfulOptions, 'local' | 'keys'>): Promise<Clientful> {
  await mkdir(home, { recursive: true, mode: 0o700 })
  return Clientful.open({
    ...options,
    local: new FileStorageAdapter(join(home, 'data')),
    keys: new FileKeyStore(join(home, 'keys.json')),
  })
}
export { nodeWebSocket } from './websocket.ts'
