// clientful erase --doc NAME — erases document NAME for good (admins): its current state is
// emptied and marked, and a signed erasure goes into the membership log, which every device
// carries out at its next sync — it forgets the document's history and rewrites its own files
// in storage without it (docs/ERASURE.md). `clientful status` shows an erasure a device still owes.

import { ClientfulError, eraseDocument } from 'clientful'
import { parseCommand, requireFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function eraseCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, doc: { type: 'string' } })
  if (positionals.length > 0) throw new UsageError('usage: clientful erase --home DIR --workspace WS --doc NAME')
  const name = requireFlag(flags, 'doc')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const result = await eraseDocument(ws, name)
  if (!result.ok) throw new ClientfulError(result.reason === 'forbidden' ? 'forbidden' : 'not-found', result.detail)
  await ws.seal()
  const { request } = result
  io.out(
    JSON.stringify(
      {
        erased: request.name,
        docId: request.docId,
        heads: request.heads,
        then: [
          'this device has forgotten the document; its own files in storage are rewritten at its next sync',
          'every other device forgets it and rewrites its own files at its next sync',
          'until a device has synced, its files still hold the erased changes (docs/ERASURE.md)',
        ],
      },
      null,
      2,
    ),
  )
  io.err(`erased ${name}; sync every device to finish`)
}
