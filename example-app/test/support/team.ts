// A small team for the board's tests: devices (Node clients with temporary homes) in one
// workspace over in-memory storage, each screening changes with a given board type's rules,
// as the app's engine does. Public API only.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStorage } from '@clientful/storage-memory'
import { checkedTypes, type ClientApi, type DocumentType, type Role, type WorkspaceApi } from 'clientful'
import { openNodeClient } from 'clientful/node'

export interface Team {
  readonly workspaces: WorkspaceApi[]
  /** Push and pull every device twice: everyone has everything. */
  syncAll(): Promise<void>
  close(): Promise<void>
}

const FAST_RETRY = { attempts: 2, baseMs: 1, capMs: 5 }

/** The first device is the admin who creates the workspace; then one device per role, each with its type. */
export async function createTeam(founderType: DocumentType<any>, members: readonly { role: Role; type: DocumentType<any> }[]): Promise<Team> {
  const storage = createMemoryStorage('memory://board-team')
  const homes: string[] = []
  const clients: ClientApi[] = []
  const open = async (type: DocumentType<any>) => {
    const home = await mkdtemp(join(tmpdir(), 'board-device-'))
    homes.push(home)
    const client = await openNodeClient(home, { openStorage: async () => storage, retry: FAST_RETRY, rules: checkedTypes([type]) })
    clients.push(client)
    return client
  }
  const founder = await (await open(founderType)).createWorkspace({ name: 'Field team', storage: storage.location })
  const workspaces: WorkspaceApi[] = [founder]
  for (const member of members) {
    const client = await open(member.type)
    workspaces.push(await client.join(await founder.createInvite({ role: member.role })))
  }
  const syncAll = async (): Promise<void> => {
    for (let round = 0; round < 2; round++) for (const ws of workspaces) await ws.sync()
  }
  await syncAll()
  return {
    workspaces,
    syncAll,
    close: async () => {
      for (const client of clients) await client.close()
      for (const home of homes) await rm(home, { recursive: true, force: true })
    },
  }
}

export function memberOf(ws: WorkspaceApi): string {
  const member = ws.membership.devices.get(ws.deviceId)?.record.user
  if (member === undefined) throw new Error('this device is not in the workspace')
  return member
}
