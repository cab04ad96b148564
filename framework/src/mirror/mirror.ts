// A blind mirror: copies a storage's Clientful files to another storage, holding no keys
// (the field-office edge node). Nearly every file is written once and named by its content or
// position, so copying what the destination lacks is incremental, resumable and idempotent.
// The mutable files — each device's marker and snapshot — are copied only when the source's
// is newer (higher head, later snapshot), which the mirror can read without any key.
// Envelopes go before markers, so a reader never sees a head whose envelopes are missing.

import { parseMarker } from '../format/marker.ts'
import { parseSnapshot } from '../format/snapshot.ts'
import type { UserStorage } from '../storage/user-storage.ts'
import { mapConcurrent } from '../util/async.ts'

const MARKER = /^[0-9a-f]{32}\/devices\/[0-9a-f]{64}\.json$/
const SNAPSHOT = /^[0-9a-f]{32}\/snapshots\/[0-9a-f]{64}\.json$/
const LINK = /^links\//

export interface MirrorReport {
  readonly copied: number
  readonly updated: number
  readonly unchanged: number
  readonly bytes: number
}

export interface MirrorOptions {
  readonly concurrency?: number
  /** Called after each file copied (progress on long first runs). */
  readonly onCopy?: (path: string, done: number, total: number) => void
}

/** Whether `incoming` should replace `existing` at a mutable path. */
function isNewer(path: string, incoming: Uint8Array, existing: Uint8Array): boolean {
  if (MARKER.test(path)) {
    const a = parseMarker(incoming)
    const b = parseMarker(existing)
    return a.ok && (!b.ok || a.value.head > b.value.head)
  }
  const a = parseSnapshot(incoming)
  const b = parseSnapshot(existing)
  return a.ok && (!b.ok || a.value.at > b.value.at)
}

/** Copies to `to` every file of `from` it lacks, and the markers and snapshots newer in `from`. */
export async function mirrorOnce(from: UserStorage, to: UserStorage, options: MirrorOptions = {}): Promise<MirrorReport> {
  const concurrency = options.concurrency ?? 8
  const [source, present] = await Promise.all([from.list(''), to.list('').then((paths) => new Set(paths))])
  const wanted = source.filter((path) => !LINK.test(path))
  const mutable = wanted.filter((path) => MARKER.test(path) || SNAPSHOT.test(path))
  const missing = wanted.filter((path) => !present.has(path) && !MARKER.test(path) && !SNAPSHOT.test(path))
  let copied = 0
  let updated = 0
  let bytes = 0
  let done = 0
  const total = missing.length + mutable.length
  await mapConcurrent(
    missing,
    concurrency,
    async (path) => {
      const data = await from.read(path)
      if (data) {
        await to.write(path, data)
        copied++
        bytes += data.length
      }
      options.onCopy?.(path, ++done, total)
    },
  )
  await mapConcurrent(mutable, concurrency, async (path) => {
    const data = await from.read(path)
    const existing = present.has(path) ? await to.read(path) : undefined
    if (data && (!existing || isNewer(path, data, existing))) {
      await to.write(path, data)
      if (existing) updated++
      else copied++
      bytes += data.length
    }
    options.onCopy?.(path, ++done, total)
  })
  return { copied, updated, unchanged: wanted.length - copied - updated, bytes }
}
