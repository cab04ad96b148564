// clientful workspace create — founds a workspace in the given storage; prints its id.
// clientful workspace list — the workspaces this home belongs to.

import { parseCommand, requireFlag, optionalFlag, UsageError } from '../args.ts'
import type { CliSession } from '../context.ts'

export async function workspaceCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags } = parseCommand(rest, { home: { type: 'string' }, name: { type: 'string' }, storage: { type: 'string' }, relay: { type: 'string' } })
  const client = await io.openHome(flags)
  switch (sub) {
    case 'create': {
      const ws = await client.createWorkspace({
        name: requireFlag(flags, 'name'),
        storage: requireFlag(flags, 'storage'),
        relay: optionalFlag(flags, 'relay'),
      })
      io.out(ws.id)
      return
    }
    case 'list':
      for (const c of await client.workspaces()) io.out(`${c.id}  ${c.name}  ${c.storage}`)
      return
    default:
      throw new UsageError('usage: clientful workspace create --home DIR --name NAME --storage URL [--relay URL] | workspace list --home DIR')
  }
}
