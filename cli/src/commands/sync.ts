// clientful sync — pushes and pulls once through storage for one workspace or all of them;
// prints what it did and every item it refused, with the reason. With --stats it counts the
// storage requests the sync made (calls to the storage adapters: a listing is one, however
// many pages it takes) and prints them on its last line, `requests: N`.

import type { Rejection, Workspace } from 'clientful'
import { countingStorage, emptyTally, requestsIn, type RequestTally } from 'clientful/storage'
import { optionalFlag, parseCommand } from '../args.ts'
import type { CliSession } from '../context.ts'

export async function syncCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, stats: { type: 'boolean' } })
  const tally = emptyTally()
  const client = await io.openHome(flags, (storage) => countingStorage(storage, tally))
  const only = optionalFlag(flags, 'workspace')
  const ids = only ? [only] : (await client.workspaces()).map((c) => c.id)
  let failed: unknown
  for (const id of ids) {
    const ws = await client.workspace(id)
    try {
      await syncOne(ws, io)
    } catch (error) {
      failed ??= error
      io.err(`${id}: sync failed: ${(error as Error).message}`)
    }
  }
  if (flags.stats === true) printStats(tally, io)
  if (failed) throw failed
  await client.cleanupDeviceLinks()
}

async function syncOne(ws: Workspace, io: CliSession): Promise<void> {
  const report = await ws.sync()
  const { pushed, pulled } = report
  io.out(
    `${ws.id}: pushed ${pushed.envelopes} envelope(s) with ${pushed.changes} change(s); ` +
      `pulled ${pulled.envelopes} envelope(s) with ${pulled.changes} change(s)` +
      (report.membershipUploaded ? `; uploaded ${report.membershipUploaded} membership entr(ies)` : ''),
  )
  if (pulled.missing > 0) io.out(`${ws.id}: ${pulled.missing} announced envelope(s) not in storage yet`)
  if (pulled.behind.length > 0) io.out(`${ws.id}: storage is behind for ${pulled.behind.length} device(s): keeping local state`)
  for (const r of report.rejected) io.out(`rejected ${describeRejection(r)}`)
}

/** Opening a location and the first sync of a run (a CLI run is a session) cost a few more than a quiet sync in a running app. */
function printStats(tally: RequestTally, io: CliSession): void {
  io.out(`storage: ${tally.lists} list(s), ${tally.reads} read(s), ${tally.writes} write(s), ${tally.deletes} delete(s)`)
  io.out(`requests: ${requestsIn(tally)}`)
}

export function describeRejection(r: Rejection): string {
  const where = r.path ?? (r.device ? `${r.device.slice(0, 12)}…#${r.seq ?? ''}` : r.kind)
  return `${r.kind} ${where}: ${r.reason} — ${r.detail}`
}
