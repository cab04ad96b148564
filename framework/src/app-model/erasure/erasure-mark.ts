// The mark an erasure leaves in the document it erased (`$erased`): who erased it, when, the
// heads it was cut at, and the document that holds what was kept (none when all of it went).

export interface ErasureMark {
  readonly at: number
  /** The admin (member id) who erased it. */
  readonly by: string
  readonly device: string
  /** The heads of the erased document when it was erased: the history to forget. */
  readonly heads: readonly string[]
  /** The document name holding what was kept, when only part was erased. */
  readonly successor: string | null
}

export function parseErasureMark(value: unknown): ErasureMark | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const { at, by, device, heads, successor } = value as Record<string, unknown>
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || typeof by !== 'string' || typeof device !== 'string') return undefined
  if (!Array.isArray(heads) || heads.length > 64 || !heads.every((h) => typeof h === 'string')) return undefined
  if (successor !== null && (typeof successor !== 'string' || successor.length === 0 || successor.length > 500)) return undefined
  return { at, by, device, heads: heads as string[], successor }
}
