// Moving a workspace's files between storage locations. Copies are blind (mirror/mirror.ts):
// every file keeps its bytes and its one writer, what the destination lacks is copied, and a
// marker or snapshot replaces the destination's only when newer. Deleting a location's files
// leaves a forwarding note (format/forwarding-note.ts) so devices offline through the move
// can find where the workspace went.

import { forwardingPaths, sealForwarding, type Forwarding } from '../format/forwarding-note.ts'
import { mirrorOnce, type MirrorReport } from '../mirror/mirror.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent } from '../util/async.ts'

/**
 * The storage as seen from one workspace: listing the root lists only that workspace's files,
 * and never forwarding notes (they belong where the files were deleted, not where they went).
 */
function workspaceView(storage: UserStorage, ws: string): UserStorage {
  const notes = forwardingPaths.prefix(ws)
  return {
    location: storage.location,
    read: (path, options) => storage.read(path, options),
    write: (path, data) => storage.write(path, data),
    delete: (path) => storage.delete(path),
    list: async (prefix, options) => (await storage.list(prefix === '' ? `${ws}/` : prefix, options)).filter((path) => !path.startsWith(notes)),
  }
}

/** Copies what `to` lacks of workspace `ws` (and what is newer, for markers and snapshots). */
export function copyWorkspace(from: UserStorage, to: UserStorage, ws: string): Promise<MirrorReport> {
  return mirrorOnce(workspaceView(from, ws), workspaceView(to, ws))
}

export interface ForwardingAuthor {
  readonly ws: string
  readonly device: string
  readonly signer: PrivateKey
  readonly epoch: EpochKeys
  readonly now: number
}

/**
 * Deletes every file of the workspace at `storage` (other workspaces and the root marker stay),
 * after writing the forwarding note, so that a device that finds the workspace gone also finds
 * where it went. Returns how many files were deleted.
 */
export async function deleteWorkspaceFiles(storage: UserStorage, author: ForwardingAuthor, forwarding: Forwarding): Promise<number> {
  const note = forwardingPaths.note(author.ws, author.device)
  await storage.write(note, await sealForwarding({ ws: author.ws, device: author.device, epoch: author.epoch.id, at: author.now }, forwarding, author.epoch.content, author.signer))
  return clearWorkspaceFiles(storage, author.ws)
}

/** Deletes every file of the workspace at `storage` but its forwarding notes. */
export async function clearWorkspaceFiles(storage: UserStorage, ws: string): Promise<number> {
  const keep = forwardingPaths.prefix(ws)
  const doomed = (await storage.list(`${ws}/`)).filter((path) => !path.startsWith(keep))
  // The genesis last: while it is there, the folder still reads as this workspace's.
  const genesis = `${ws}/workspace.json`
  await mapConcurrent(
    doomed.filter((p) => p !== genesis),
    8,
    (path) => storage.delete(path),
  )
  if (doomed.includes(genesis)) await storage.delete(genesis)
  return doomed.length
}

/**
 * Deletes the forwarding notes at `storage`: the team is using it again (added back, or made
 * the primary), so what they said about a move away from it is over. A note left there would
 * send devices away, and have them clear the location, the next time a file went missing.
 */
export async function clearForwardingNotes(storage: UserStorage, ws: string): Promise<void> {
  for (const path of await storage.list(forwardingPaths.prefix(ws))) await storage.delete(path)
}
