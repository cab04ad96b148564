// Two or three devices in one workspace over one storage, for scenario tests.

import { createMemoryStorage } from '@clientful/storage-memory'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import type { Role } from '../../src/api/role.ts'
import type { Workspace } from '../../src/workspace/workspace.ts'
import { createDevice, storageRegistry, type TestDevice } from './devices.ts'
import type { ClientfulOptions } from '../../src/client.ts'

export interface Team {
  readonly storage: UserStorage
  readonly url: string
  readonly devices: TestDevice[]
  readonly workspaces: Workspace[]
  close(): Promise<void>
}

export async function createTeam(
  roles: Role[] = ['writer'],
  storage: UserStorage = createMemoryStorage('memory://team'),
  relay?: string,
  options: Partial<ClientfulOptions> = {},
): Promise<Team> {
  const url = storage.location
  const open = storageRegistry({ [url]: storage })
  const founder = await createDevice(open, options)
  const devices = [founder]
  const first = await founder.client.createWorkspace({ name: 'Team', storage: url, relay })
  const workspaces = [first]
  for (const role of roles) {
    const device = await createDevice(open, options)
    devices.push(device)
    workspaces.push(await device.client.join(await first.createInvite({ role })))
  }
  // Everyone learns about everyone's join.
  for (const ws of workspaces) await ws.sync()
  return {
    storage,
    url,
    devices,
    workspaces,
    close: async () => {
      for (const d of devices) await d.close()
    },
  }
}
