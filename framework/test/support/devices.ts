// Test devices: each a Clientful client with its own temporary home folder, all opening the
// same storage objects by URL (so two "devices" share a bucket or folder like real ones).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clientful } from '../../src/client.ts'
import { openNodeClient } from '../../src/platform/node/index.ts'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import type { ClientfulOptions } from '../../src/client.ts'

export interface TestDevice {
  readonly client: Clientful
  readonly home: string
  reopen(): Promise<TestDevice>
  close(): Promise<void>
}

export function storageRegistry(storages: Record<string, UserStorage>) {
  return async (url: string): Promise<UserStorage> => {
    const storage = storages[url]
    if (!storage) throw new Error(`test: no storage registered for ${url}`)
    return storage
  }
}

const FAST_RETRY = { attempts: 2, baseMs: 1, capMs: 5 }

export async function createDevice(
  openStorage: (url: string) => Promise<UserStorage>,
  extra: Partial<ClientfulOptions> = {},
  home?: string,
): Promise<TestDevice> {
  const dir = home ?? (await mkdtemp(join(tmpdir(), 'clientful-device-')))
  const client = await openNodeClient(dir, { openStorage, retry: FAST_RETRY, ...extra })
  return {
    client,
    home: dir,
    reopen: async () => {
      await client.close()
      return createDevice(openStorage, extra, dir)
    },
    close: async () => {
      await client.close()
      if (!home) await rm(dir, { recursive: true, force: true })
    },
  }
}
