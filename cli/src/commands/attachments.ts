// clientful attach --doc NAME --key KEY FILE — stores FILE (encrypted, chunked) and puts its
// reference under KEY; uploads now if storage is reachable, else with the next sync.
// clientful fetch --doc NAME --key KEY --out FILE — writes the attachment back, byte-identical.

import { open as openFile, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { ClientfulError, isAttachmentRef } from 'clientful'
import { errorMessage } from '../error-message.ts'
import { fileProblem, parseCommand, readInputFile, requireFlag, requireReadableFile, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

const FLAGS = { home: { type: 'string' }, workspace: { type: 'string' }, doc: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } } as const

export async function attachCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, FLAGS)
  const file = positionals[0]
  if (!file) throw new UsageError('usage: clientful attach --home DIR --workspace WS --doc NAME --key KEY FILE')
  const doc = requireFlag(flags, 'doc')
  const key = requireFlag(flags, 'key')
  await requireReadableFile(file) // before anything is written
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const ref = await ws.attach(doc, key, await readInputFile(file), { name: basename(file) })
  try {
    await ws.sync()
    io.err(`attached ${ref.size} bytes and uploaded`)
  } catch (error) {
    io.err(`attached ${ref.size} bytes; upload waits for storage (${errorMessage(error)})`)
  }
  io.out(ref.blob)
}

export async function fetchCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, FLAGS)
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  await ws.sync().catch((error: unknown) => io.err(`warning: could not sync (${errorMessage(error)}); using what this device has`))
  const name = requireFlag(flags, 'doc')
  const key = requireFlag(flags, 'key')
  const handle = await ws.findDoc(name)
  const ref = handle?.doc()[key]
  if (!isAttachmentRef(ref)) throw new ClientfulError('not-found', `document ${JSON.stringify(name)} has no attachment under ${JSON.stringify(key)}`)
  const out = requireFlag(flags, 'out')
  const target = await openFile(out, 'w').catch((error: unknown) => {
    throw new UsageError(fileProblem(error, out, 'write'))
  })
  let written = 0
  try {
    for await (const chunk of ws.attachments.chunks(ref)) {
      await target.write(chunk)
      written += chunk.length
    }
  } catch (error) {
    await target.close()
    await rm(out, { force: true }) // never leave a partial file behind
    throw error
  }
  await target.close()
  io.err(`wrote ${written} bytes (${ref.name}, ${ref.type})`)
  io.out(out)
}
