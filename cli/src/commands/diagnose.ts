// clientful diagnose — a diagnostic report of this device's view of a workspace, as JSON for
// support: versions, ids, sequence numbers, heads, counts, statuses, recent errors and
// refusals; no keys, no credentials, no document content. It reads only: nothing syncs.

import { writeFile } from 'node:fs/promises'
import { optionalFlag, parseCommand } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function diagnoseCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, out: { type: 'string' } })
  const out = optionalFlag(flags, 'out')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const json = JSON.stringify(await ws.diagnostics(), null, 2)
  if (out === undefined) return io.out(json)
  await writeFile(out, json + '\n', { mode: 0o600 })
  io.err(`diagnostic report written to ${out}`)
}
