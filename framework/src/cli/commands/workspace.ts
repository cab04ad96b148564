// clientful workspace create — founds a workspace in the given storage; prints its id.
// clientful workspace list — the workspaces this home belongs to.

import { parseCommand, requireFlag, optionalFlag, UsageError } from '../args.ts'
import type { CliSession } from '../context.ts'
import { environmentCredentials } from '../open-storage.ts'

export async function workspaceCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags } = parseCommand(rest, {
    home: { type: 'string' },
    name: { type: 'string' },
    storage: { type: 'string' },
    relay: { type: 'string' },
    'share-credentials': { type: 'boolean' },
  })
  const client = await io.openHome(flags)
  switch (sub) {
    case 'create': {
      const storage = requireFlag(flags, 'storage')
      const ws = await client.createWorkspace({
        name: requireFlag(flags, 'name'),
        storage,
        relay: optionalFlag(flags, 'relay'),
        // Members (and invite codes) get these, sealed: nobody else needs the bucket's keys.
        credentials: flags['share-credentials'] ? environmentCredentials(storage) : undefined,
      })
      io.out(ws.id)
      return
    }
    case 'list':
      for (const c of await client.workspaces()) io.out(`${c.id}  ${c.name}  ${c.storage}`)
      return
    default:
      throw new UsageError('usage: clientful workspace create --home DIR --name NAME --storage URL [--relay URL] [--share-credentials] | workspace list --home DIR')
  }
}
