// The team's record of storage locations (the reserved storage-access document) and the rule
// every device applies to it: which location is the primary. Pure, so that every device reaches
// the same answer from the same document, whatever order edits arrived in.

import type { StorageCredentials } from '../storage/user-storage.ts'

/** One location as recorded, under the first 16 hex of SHA-256(url). */
export interface SharedLocation {
  url: string
  credentials?: StorageCredentials
  /** Stopped being used by the team (its files may still be there). */
  removed?: boolean
  /** Made the primary: a promotion number, one above every earlier one the writer saw. */
  primary?: number
}

export type SharedLocations = Readonly<Record<string, Readonly<SharedLocation>>>

/**
 * The team's primary: the location not removed with the highest promotion number, and of two
 * promoted concurrently (the same number), the URL first in code-unit order. Undefined when
 * no location was ever promoted: each device then keeps the primary it joined with.
 */
export function teamPrimary(locations: SharedLocations): string | undefined {
  let best: SharedLocation | undefined
  for (const location of Object.values(locations)) {
    if (location.removed || location.primary === undefined) continue
    if (!best || location.primary > best.primary! || (location.primary === best.primary && location.url < best.url)) best = location
  }
  return best?.url
}

/** The number a new promotion records: one above every promotion recorded so far. */
export function nextPromotion(locations: SharedLocations): number {
  return Math.max(0, ...Object.values(locations).map((l) => l.primary ?? 0)) + 1
}

export function isRemoved(locations: SharedLocations, url: string): boolean {
  return Object.values(locations).some((l) => l.url === url && l.removed === true)
}
