// clientful erase --doc NAME — erases document NAME (admins): its current state is emptied and
// marked erased, and the erasure is listed for every device. What this command cannot reach
// yet — the document's history in each device's home and in storage — is printed under
// "remains" (docs/ERASURE.md says what the engine adds to reach it).

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
        remains: [
          `the document's history (its changes up to these heads) in the local copy of every device that had it, this one included, until the engine forgets erased documents`,
          `envelopes in storage (log/<device>/…) that carry those changes, until each of their devices replaces them`,
          `snapshots in storage that include the document, until their devices publish new ones`,
        ],
      },
      null,
      2,
    ),
  )
  io.err(`erased ${name}; sync to tell the other devices`)
}
