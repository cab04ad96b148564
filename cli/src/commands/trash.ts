// clientful delete --doc NAME KEY [--keep 30d] — moves entry KEY of document NAME to the trash
// (it stays in the document, marked; any member restores it until it expires).
// clientful trash [--doc NAME] — lists what is in the trash, as JSON.
// clientful restore --doc NAME KEY — brings an entry back out of the trash.

import { ClientfulError, DEFAULT_TRASH_RETENTION_MS, listTrash, planMoveToTrash, planRestore, resolveDocument, type PlannedWrite, type Workspace } from 'clientful'
import { optionalFlag, parseCommand, parseDuration, requireFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

const FLAGS = { home: { type: 'string' }, workspace: { type: 'string' }, doc: { type: 'string' } } as const

export async function deleteCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, { ...FLAGS, keep: { type: 'string' } })
  const [key] = positionals
  if (key === undefined || positionals.length > 1) throw new UsageError('usage: clientful delete --home DIR --workspace WS --doc NAME KEY [--keep 30d]')
  const keep = optionalFlag(flags, 'keep')
  const retention = keep ? parseDuration(keep, 'keep') : DEFAULT_TRASH_RETENTION_MS
  const name = requireFlag(flags, 'doc')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const member = mayWrite(ws)
  const handle = await existingDoc(ws, name)
  const plan = planMoveToTrash(handle.doc(), key, { member, device: ws.deviceId }, Date.now(), retention)
  if (!plan.ok) throw new ClientfulError('not-found', plan.detail)
  await write(ws, handle, plan.write)
  io.err(`${key} is in the trash until ${new Date(Date.now() + retention).toISOString()}; ${ws.status.pendingChanges} change(s) wait to upload`)
}

export async function restoreCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, FLAGS)
  const [key] = positionals
  if (key === undefined || positionals.length > 1) throw new UsageError('usage: clientful restore --home DIR --workspace WS --doc NAME KEY')
  const name = requireFlag(flags, 'doc')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  mayWrite(ws)
  const handle = await existingDoc(ws, name)
  const plan = planRestore(handle.doc(), key)
  if (!plan.ok) throw new ClientfulError('not-found', plan.detail)
  await write(ws, handle, plan.write)
  io.err(`${key} is back; ${ws.status.pendingChanges} change(s) wait to upload`)
}

export async function trashCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, FLAGS)
  if (positionals.length > 0) throw new UsageError('usage: clientful trash --home DIR --workspace WS [--doc NAME]')
  const only = optionalFlag(flags, 'doc')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const names = only ? [only] : (await ws.documents()).flatMap((d) => (d.name === undefined ? [] : [d.name]))
  const listed = []
  for (const name of names.sort()) {
    const { handle } = await resolveDocument(ws, name)
    if (!handle) {
      if (only) throw new ClientfulError('not-found', `this device has no document named ${JSON.stringify(name)} (run clientful sync first?)`)
      continue
    }
    for (const { entry, record } of listTrash(handle.doc())) {
      listed.push({ doc: name, key: entry, deletedAt: new Date(record.at).toISOString(), deletedBy: record.by, device: record.device, until: new Date(record.until).toISOString() })
    }
  }
  io.out(JSON.stringify(listed, null, 2))
  io.err(`${listed.length} entr${listed.length === 1 ? 'y' : 'ies'} in the trash`)
}

/** This device's member id, when it may write. */
function mayWrite(ws: Workspace): string {
  const member = ws.membership.devices.get(ws.deviceId)?.record.user
  if (ws.role === undefined || member === undefined) throw new ClientfulError('not-member', 'this device is no longer in the workspace')
  if (ws.role === 'reader') throw new ClientfulError('forbidden', 'readers cannot change documents')
  return member
}

async function existingDoc(ws: Workspace, name: string) {
  const { handle, erased } = await resolveDocument(ws, name)
  if (erased) throw new ClientfulError('not-found', `${JSON.stringify(name)} was erased`)
  if (!handle) throw new ClientfulError('not-found', `this device has no document named ${JSON.stringify(name)} (run clientful sync first?)`)
  return handle
}

async function write(ws: Workspace, handle: Awaited<ReturnType<typeof existingDoc>>, planned: PlannedWrite): Promise<void> {
  handle.change((d) => planned.edit(d), planned.message)
  await ws.seal()
}
