// clientful put --doc NAME KEY JSON — sets KEY to the JSON value (the document is created
// when missing); the change waits in the outbox until the next sync.
// clientful get --doc NAME — prints the document as JSON.

import { ClientfulError, resolveDocument } from 'clientful'
import { parseCommand, requireFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

const DOC_FLAGS = { home: { type: 'string' }, workspace: { type: 'string' }, doc: { type: 'string' } } as const

export async function putCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, DOC_FLAGS)
  const [key, json] = positionals
  if (key === undefined || json === undefined) throw new UsageError('usage: clientful put --home DIR --workspace WS --doc NAME KEY JSON')
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new UsageError(`the value must be JSON, e.g. '"text"', 42 or '{"a":1}' (got ${JSON.stringify(json)})`)
  }
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const handle = await ws.doc<Record<string, unknown>>(requireFlag(flags, 'doc'))
  handle.change((d) => {
    d[key] = value
  })
  const sealed = await ws.seal()
  io.err(`set ${key}; ${ws.status.pendingChanges} change(s) wait to upload${sealed.length ? '' : ' (nothing new)'}`)
}

export async function getCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, DOC_FLAGS)
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const name = requireFlag(flags, 'doc')
  const handle = await ws.findDoc(name)
  if (!handle && (await resolveDocument(ws, name)).erased) throw new ClientfulError('not-found', `${JSON.stringify(name)} was erased`)
  if (!handle) throw new ClientfulError('not-found', `this device has no document named ${JSON.stringify(name)} (run clientful sync first?)`)
  io.out(JSON.stringify(handle.doc(), null, 2))
}
