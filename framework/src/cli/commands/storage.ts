// clientful status — this device's view of a workspace: storage locations and their health,
// changes waiting to upload, the last sync, the relay.
// clientful storage add URL | remove URL — manage a workspace's storage locations.

import { errorMessage } from '../../util/errors.ts'
import { parseCommand, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'
import { checkStorageUrl, environmentCredentials } from '../open-storage.ts'

const FLAGS = { home: { type: 'string' }, workspace: { type: 'string' } } as const

export async function statusCommand(args: string[], io: CliSession): Promise<number> {
  const { flags } = parseCommand(args, FLAGS)
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  let syncError: string | undefined
  await ws.sync().catch((error: unknown) => (syncError = errorMessage(error)))
  const status = ws.status
  io.out(`workspace ${ws.id} "${ws.name}" — you are ${ws.role ?? 'not a member'}`)
  io.out(`changes waiting to upload: ${status.pendingChanges}`)
  io.out(`last sync: ${status.lastSyncAt ? new Date(status.lastSyncAt).toISOString() : 'never'}`)
  io.out(`relay: ${ws.config.relay ?? 'none'}`)
  for (const s of status.storages) {
    const detail = s.state === 'error' ? ` (${s.errorKind ?? 'error'}: ${s.error})` : s.state === 'behind' ? ' (serves less than this device has seen; keeping local state)' : ''
    const restored = s.restored > 0 ? `; restored ${s.restored} file(s) it had lost` : ''
    io.out(`storage ${s.url}: ${s.state}${detail}${restored}`)
  }
  if (syncError) io.err(`sync failed: ${syncError}`)
  return status.storages.every((s) => s.state === 'ok') ? 0 : 1
}

export async function storageCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags, positionals } = parseCommand(rest, { ...FLAGS, 'share-credentials': { type: 'boolean' } })
  const url = positionals[0]
  if ((sub !== 'add' && sub !== 'remove') || !url) throw new UsageError('usage: clientful storage add [--share-credentials] | remove --home DIR --workspace WS URL')
  if (sub === 'add') checkStorageUrl(url)
  const credentials = sub === 'add' && flags['share-credentials'] ? environmentCredentials(url) : undefined
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  if (sub === 'add') {
    await ws.addStorage(url, credentials)
    await ws.sync().catch((error: unknown) => io.err(`added, but the first sync failed: ${errorMessage(error)}`))
    io.err(`storage added: ${url}`)
  } else {
    await ws.removeStorage(url)
    io.err(`storage removed: ${url} (its files were left in place)`)
  }
}
