// clientful rejected — what this device refused in a workspace: when, from whom, and why.

import { parseCommand } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function rejectedCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' } })
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const rejected = await ws.rejected()
  for (const r of rejected) {
    const author = r.device ? `${r.device.slice(0, 16)}…` : 'unknown author'
    const what = r.path ?? (r.seq !== undefined ? `#${r.seq}` : r.kind)
    io.out(`${new Date(r.at).toISOString()} ${r.source} ${r.kind} ${what} by ${author}: ${r.reason} — ${r.detail}`)
  }
  io.err(`${rejected.length} rejected item(s)`)
}
