// clientful invite — prints an invite code for --workspace (admins only).
// clientful join CODE — joins the workspace the code invites to; prints its id.

import type { Role } from '../../membership/entries.ts'
import { parseCommand, optionalFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function inviteCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, role: { type: 'string' }, uses: { type: 'string' } })
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const uses = optionalFlag(flags, 'uses')
  const code = await ws.createInvite({
    role: (optionalFlag(flags, 'role') ?? 'writer') as Role,
    ...(uses !== undefined ? { uses: Number(uses) } : {}),
  })
  io.out(code)
}

export async function joinCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, { home: { type: 'string' } })
  const code = positionals[0]
  if (!code) throw new UsageError('usage: clientful join --home DIR CODE')
  const ws = await (await io.openHome(flags)).join(code)
  io.err(`joined "${ws.name}" as ${ws.role ?? 'unknown role'}`)
  io.out(ws.id)
}
