// The record that puts an entry in the trash: `$trash:KEY` beside the entry, which itself stays
// where it was. `heads` is what the deleting device had seen: an edit of the entry that is not
// among them was made without knowing of the delete, and brings the entry back.

export interface TrashRecord {
  /** When it was deleted (ms since epoch, the deleting device's clock). */
  readonly at: number
  /** Until when it can be restored; after that any writer purges it (ms since epoch). */
  readonly until: number
  /** The member who deleted it. */
  readonly by: string
  readonly device: string
  /** The document's heads when it was deleted. */
  readonly heads: readonly string[]
}

/** Why an entry came back out of the trash by itself: `$restored:KEY`. */
export interface RestoreNotice {
  readonly deletedAt: number
  readonly deletedBy: string
  /** Devices whose edits, made without knowing of the delete, brought it back (sorted). */
  readonly editors: readonly string[]
}

const HEX = /^[0-9a-f]{64}$/

export function parseTrashRecord(value: unknown): TrashRecord | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const v = value as Record<string, unknown>
  const { at, until, by, device, heads } = v
  if (!isTime(at) || !isTime(until) || typeof by !== 'string' || typeof device !== 'string') return undefined
  if (!Array.isArray(heads) || heads.length > 64 || !heads.every((h) => typeof h === 'string' && HEX.test(h))) return undefined
  return { at, until, by, device, heads: heads as string[] }
}

export function parseRestoreNotice(value: unknown): RestoreNotice | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const { deletedAt, deletedBy, editors } = value as Record<string, unknown>
  if (!isTime(deletedAt) || typeof deletedBy !== 'string' || !Array.isArray(editors) || !editors.every((m) => typeof m === 'string')) return undefined
  return { deletedAt, deletedBy, editors: editors as string[] }
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}
