// A writer's upkeep of a typed document, run after changes: stamp the type and bring entries
// up to the app's schema version (again for old-shaped data that arrives late), make restores
// of entries edited while deleted final, purge expired trash, and repair broken invariants.
// Each step is a pure function of the document (purging also of the clock against each
// record's own expiry) written idempotently, so writers doing it at once write the same and
// peers can check it by redoing it (rules/maintenance-check.ts). Readers never run it.

import * as A from '@automerge/automerge'
import type { DocHandle } from '../../docs/doc-handle.ts'
import type { ChangeEffects } from '../change-effect.ts'
import { MESSAGES, TYPE_KEY, isEntryKey, versionKey } from '../document-keys.ts'
import { brokenInvariants, entriesOfDraft, repairInvariants, type TypeWithInvariants } from '../invariants/repair.ts'
import { isMap, upgradeEntryInPlace, type DocumentSchema } from '../schema/migrations.ts'
import { planTrashUpkeep, purgeWrite, restoreWrite } from '../trash/trash-upkeep.ts'
import type { ViewCache } from './document-view.ts'

export interface UpkeepReport {
  /** Whether the type and version flags or any entry were migrated. */
  readonly migrated: boolean
  /** Entries edited while deleted, now restored for good. */
  readonly restored: readonly string[]
  readonly purged: readonly string[]
  /** Invariants that were broken and repaired. */
  readonly repaired: readonly string[]
}

export interface UpkeepInput<E> {
  readonly type: TypeWithInvariants<E>
  readonly handle: DocHandle<Record<string, unknown>>
  readonly effects: ChangeEffects
  readonly view: ViewCache<E>
  readonly now: number
  /** Heads the last upkeep ended at: only entries touched since then need migrating. */
  readonly since: A.Heads | undefined
}

export function runUpkeep<E>(input: UpkeepInput<E>): UpkeepReport {
  const { type, handle, effects, now } = input
  const migrated = migrate(input)
  const trash = planTrashUpkeep(handle.doc(), effects, now)
  if (trash.restores.length > 0) {
    const write = restoreWrite(trash.restores)
    handle.change((d) => write.edit(d), write.message)
  }
  if (trash.purges.length > 0) {
    const write = purgeWrite(trash.purges)
    handle.change((d) => write.edit(d), write.message)
  }
  let repaired: string[] = []
  const doc = handle.doc()
  const trashed = input.view.trashedKeys(doc)
  // The view checked every entry already: the same state peers rebuild to check a repair.
  if (type.invariants.length > 0 && brokenInvariants(type, { entries: input.view.valid(doc), trashed }).length > 0) {
    handle.change((d) => {
      repaired = repairInvariants(type, entriesOfDraft(d), trashed)
    }, MESSAGES.compensate)
  }
  return { migrated, restored: trash.restores.map((r) => r.entry), purged: trash.purges, repaired }
}

function migrate<E>({ type, handle, effects, since }: UpkeepInput<E>): boolean {
  const doc = handle.doc()
  const targets = type.migrations.length === 0 ? [] : since && A.hasHeads(doc, since) ? touchedEntries(doc, since, effects) : Object.keys(doc).filter(isEntryKey)
  const needsStamp = doc[TYPE_KEY] === undefined || Array.from({ length: type.version }, (_, i) => versionKey(i + 1)).some((k) => doc[k] !== true)
  if (!needsStamp && targets.length === 0) return false
  return handle.change((d) => {
    if (d[TYPE_KEY] === undefined) d[TYPE_KEY] = type.name
    for (let v = 1; v <= type.version; v++) if (d[versionKey(v)] !== true) d[versionKey(v)] = true
    for (const key of targets) {
      const entry = d[key]
      if (isMap(entry)) upgradeEntryInPlace(type as DocumentSchema<unknown>, entry, key)
    }
  }, MESSAGES.migrate)
}

function touchedEntries(doc: A.Doc<unknown>, since: A.Heads, effects: ChangeEffects): string[] {
  const touched = new Set<string>()
  for (const effect of effects.since(doc, since)) for (const key of effect.touched) if (isEntryKey(key)) touched.add(key)
  return [...touched].sort()
}
