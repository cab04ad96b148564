// clientful conflicts --doc NAME — every key of document NAME whose value was set
// concurrently, as JSON: its path, and each value with the member and device that set it.

import { ClientfulError, listConflicts, resolveDocument } from 'clientful'
import { parseCommand, requireFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function conflictsCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, doc: { type: 'string' } })
  if (positionals.length > 0) throw new UsageError('usage: clientful conflicts --home DIR --workspace WS --doc NAME')
  const name = requireFlag(flags, 'doc')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const { handle } = await resolveDocument(ws, name)
  if (!handle) throw new ClientfulError('not-found', `this device has no document named ${JSON.stringify(name)} (run clientful sync first?)`)
  const conflicts = listConflicts(handle.doc(), ws.membership).map((c) => ({
    path: c.path,
    key: c.path.join('.'),
    values: c.values.map((v) => ({ value: v.value, member: v.member ?? null, device: v.device, op: v.op, shown: v.shown })),
  }))
  io.out(JSON.stringify(conflicts, null, 2))
  io.err(`${conflicts.length} key(s) with concurrent values`)
}
