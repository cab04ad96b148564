// clientful status — this device's view of a workspace: storage locations and their health,
// changes waiting to upload, the last sync, the relay, and what the sync could not settle.
// clientful storage add URL | primary URL | remove URL — manage a workspace's storage locations:
// any location can become the primary, and any can be removed while another remains.

import { describeSyncProblem } from 'clientful'
import { errorMessage } from '../error-message.ts'
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
  io.out(`changes waiting to upload: ${status.pendingChanges}${status.uploaded ? ' (every edit of this device is in every storage location)' : ''}`)
  io.out(`last sync: ${status.lastSyncAt ? new Date(status.lastSyncAt).toISOString() : 'never'}`)
  io.out(`relay: ${ws.config.relay ?? 'none'}`)
  for (const s of status.storages) {
    const detail = s.state === 'error' ? ` (${s.errorKind ?? 'error'}: ${s.error})` : s.state === 'behind' ? ' (serves less than this device has seen; keeping local state)' : ''
    const restored = s.restored > 0 ? `; restored ${s.restored} file(s) it had lost` : ''
    io.out(`storage ${s.url}: ${s.state}${detail}${restored}`)
  }
  for (const problem of status.problems) io.out(`problem: ${describeSyncProblem(problem, (at) => new Date(at).toISOString())}`)
  if (syncError) io.err(`sync failed: ${syncError}`)
  return status.storages.every((s) => s.state === 'ok') && status.problems.length === 0 ? 0 : 1
}

const STORAGE_USAGE =
  'usage: clientful storage add|primary [--share-credentials] --home DIR --workspace WS URL | storage remove [--delete-files] --home DIR --workspace WS URL'

export async function storageCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags, positionals } = parseCommand(rest, { ...FLAGS, 'share-credentials': { type: 'boolean' }, 'delete-files': { type: 'boolean' } })
  const url = positionals[0]
  if ((sub !== 'add' && sub !== 'primary' && sub !== 'remove') || !url || positionals.length > 1) throw new UsageError(STORAGE_USAGE)
  if (sub === 'remove' && flags['share-credentials']) throw new UsageError(`--share-credentials goes with add or primary (${STORAGE_USAGE})`)
  if (sub !== 'remove' && flags['delete-files']) throw new UsageError(`--delete-files goes with remove (${STORAGE_USAGE})`)
  checkStorageUrl(url)
  const credentials = sub !== 'remove' && flags['share-credentials'] ? environmentCredentials(url) : undefined
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const syncAfter = (done: string) => ws.sync().catch((error: unknown) => io.err(`${done}, but the sync that followed failed: ${errorMessage(error)}`))
  switch (sub) {
    case 'add':
      await ws.addStorage(url, credentials)
      await syncAfter('added')
      io.err(`storage added: ${url}`)
      return
    case 'primary':
      await ws.setPrimaryStorage(url, credentials)
      await syncAfter('made primary')
      io.err(`primary storage: ${url} (new invites name it; every device follows at its next sync)`)
      return
    case 'remove': {
      const deleteFiles = flags['delete-files'] === true
      const wasPrimary = ws.config.storage === url
      await ws.removeStorage(url, { deleteFiles })
      await syncAfter('removed')
      if (wasPrimary) io.err(`primary storage is now ${ws.config.storage}`)
      io.err(deleteFiles ? `storage removed: ${url} (its files were deleted; a forwarding note stays for devices that were offline)` : `storage removed: ${url} (its files were left in place)`)
    }
  }
}
