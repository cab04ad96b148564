// clientful workspace create — founds a workspace in the given storage; prints its id.
// clientful workspace list — the workspaces this home belongs to.

import { parseCommand, requireFlag, optionalFlag, UsageError } from '../args.ts'
import type { CliSession } from '../context.ts'
import { checkStorageUrl, environmentCredentials } from '../open-storage.ts'

export async function workspaceCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags } = parseCommand(rest, {
    home: { type: 'string' },
    name: { type: 'string' },
    storage: { type: 'string' },
    relay: { type: 'string' },
    'share-credentials': { type: 'boolean' },
  })
  switch (sub) {
    case 'create': {
      // Every flag checked before the home or the storage is touched.
      const storage = requireFlag(flags, 'storage')
      const name = requireFlag(flags, 'name')
      checkStorageUrl(storage)
      // Members (and invite codes) get these, sealed: nobody else needs the bucket's keys.
      const credentials = flags['share-credentials'] ? environmentCredentials(storage) : undefined
      const client = await io.openHome(flags)
      const ws = await client.createWorkspace({ name, storage, relay: optionalFlag(flags, 'relay'), credentials })
      io.out(ws.id)
      return
    }
    case 'list':
      for (const c of await (await io.openHome(flags)).workspaces()) io.out(`${c.id}  ${c.name}  ${c.storage}`)
      return
    default:
      throw new UsageError('usage: clientful workspace create --home DIR --name NAME --storage URL [--relay URL] [--share-credentials] | workspace list --home DIR')
  }
}
