// Reading a workspace's genesis from storage and proving it is the one its id names.

import { paths } from '../format/paths.ts'
import { hashRecord, verifyGenesis, workspaceIdOf, type GenesisFile } from './entries.ts'
import { parseGenesis } from './parse-entry.ts'
import { checkRootMarker } from '../storage/root-marker.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { ClientfulError } from '../util/errors.ts'

export interface AuthenticGenesis {
  readonly genesis: GenesisFile
  readonly hash: string
  readonly bytes: Uint8Array
}

export async function fetchGenesis(storage: UserStorage, ws: string): Promise<AuthenticGenesis> {
  await checkRootMarker(storage, { createIfMissing: false })
  const bytes = await storage.read(paths.workspace(ws))
  if (!bytes) throw new ClientfulError('not-found', `${storage.location} has no workspace ${ws}`)
  const parsed = parseGenesis(bytes)
  if (!parsed.ok) throw new ClientfulError(parsed.reason === 'unsupported-version' ? 'unsupported-format' : 'not-a-workspace', `${storage.location}: ${parsed.detail}`)
  const hash = await hashRecord(parsed.value)
  if (workspaceIdOf(hash) !== ws || !(await verifyGenesis(parsed.value))) {
    throw new ClientfulError('not-a-workspace', `${storage.location}: workspace.json of ${ws} is not authentic`)
  }
  return { genesis: parsed.value, hash, bytes }
}
