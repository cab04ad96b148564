// A document opened with its type: typed reads, writes checked against the type's schema and
// rules before they are made (the same rules every peer runs), the trash, conflicts, and the
// writer's upkeep after every change. Works over `WorkspaceApi`, so in every tab. The document
// type is declared here too: it opens typed documents and a typed document names its type, so
// the two declarations refer to each other and stay in one file.

import * as A from '@automerge/automerge'
import type { WorkspaceApi } from '../../api/workspace-api.ts'
import type { DocHandle } from '../../docs/doc-handle.ts'
import { invalidArgument } from '../../util/errors.ts'
import { Emitter, type Unsubscribe } from '../../util/events.ts'
import { ChangeEffects } from '../change-effect.ts'
import { listConflicts, planPick, type FieldConflict } from '../conflicts/conflicts.ts'
import { isEntryKey } from '../document-keys.ts'
import type { Plan, PlannedWrite } from '../planned-write.ts'
import type { JudgedType } from '../rules/judged-type.ts'
import type { ChangeAuthor } from '../rules/rule.ts'
import { checkSchema } from '../schema/standard-schema.ts'
import { planDismissNotice, planMoveToTrash, planRestore, trashStatus } from '../trash/trash.ts'
import { auditChanges, type AuditFinding } from './audit.ts'
import { writeChecked } from './checked-write.ts'
import { documentAccess } from './document-access.ts'
import { ViewCache, type DocumentView } from './document-view.ts'
import { putWrite } from './put-write.ts'
import type { OpenOptions, TypedDocumentEvents, TypedDocumentOptions } from './typed-document-options.ts'
import { runUpkeep, type UpkeepReport } from './upkeep.ts'
import type { DocumentAccess, WriteResult } from './write-result.ts'

/**
 * A document type (made with `defineDocumentType`): its schema and migrations, the rules every
 * peer runs on its changes, the invariants writers repair after merges, and its trash.
 */
export interface DocumentType<E = unknown> extends JudgedType<E> {
  readonly trashRetentionMs: number
  /** Opens the document `name` (default: the type's name) of this type in a workspace. */
  open(ws: WorkspaceApi, name?: string, options?: OpenOptions): Promise<TypedDocument<E>>
}

export class TypedDocument<E> extends Emitter<TypedDocumentEvents<E>> {
  readonly type: DocumentType<E>
  readonly name: string
  /** The underlying document, for what the typed API does not cover. Writes through it skip the checks. */
  readonly handle: DocHandle<Record<string, unknown>>
  readonly #ws: WorkspaceApi
  readonly #effects = new ChangeEffects()
  readonly #view: ViewCache<E>
  readonly #upkeepEnabled: boolean
  readonly #now: () => number
  readonly #erased: boolean
  readonly #unsubscribe: Unsubscribe[] = []
  #upkeepHeads: A.Heads | undefined
  #refreshScheduled = false
  #upkeepRunning = false
  #settled: Promise<void> = Promise.resolve()
  #notices = new Set<string>()

  /** @internal Use `type.open(ws)` or `openTyped(ws, type)`. */
  constructor(ws: WorkspaceApi, type: DocumentType<E>, name: string, handle: DocHandle<Record<string, unknown>>, options: TypedDocumentOptions = {}) {
    super()
    this.#ws = ws
    this.type = type
    this.name = name
    this.handle = handle
    this.#view = new ViewCache(type, this.#effects)
    this.#upkeepEnabled = options.upkeep ?? true
    this.#now = options.now ?? Date.now
    this.#erased = options.erased ?? false
    for (const { entry } of this.read().notices) this.#notices.add(entry)
    this.#unsubscribe.push(
      handle.on('change', () => this.#changed()),
      ws.on('membership', () => this.#changed()),
    )
    this.#changed()
  }

  /** Whether this device may write the document now, and if not, why. */
  get access(): DocumentAccess {
    return documentAccess({ ws: this.#ws, type: this.type as DocumentType<unknown>, name: this.name, doc: this.handle.doc(), erased: this.#erased || this.handle.erased })
  }

  read(): DocumentView<E> {
    return this.#view.view(this.handle.doc())
  }

  get(key: string): E | undefined {
    return this.read().entries.get(key)
  }

  /** Sets entry `key` to `entry`, field by field (concurrent edits to other fields stay). */
  put(key: string, entry: E): WriteResult {
    assertEntryKey(key)
    const checked = checkSchema(this.type.entry, entry)
    if (!checked.ok) return { ok: false, reason: 'invalid-entry', detail: `${key} does not fit the ${this.type.name} schema`, issues: checked.issues }
    return this.#commit(putWrite(key, structuredClone(entry) as unknown))
  }

  /** Edits a live entry in place through a draft (keyed writes merge best). */
  update(key: string, edit: (draft: E) => void): WriteResult {
    assertEntryKey(key)
    if (typeof edit !== 'function') throw invalidArgument('edit', 'a function')
    const status = trashStatus(this.handle.doc(), key, this.#effects)
    if (status === 'absent') return { ok: false, reason: 'not-found', detail: `there is no entry ${key}` }
    if (status === 'trashed') return { ok: false, reason: 'in-trash', detail: `${key} is in the trash: restore it first` }
    return this.#commit({ message: 'clientful:update', edit: (root) => edit(root[key] as E) })
  }

  /** Moves an entry to the trash (restorable by any member until it expires). */
  delete(key: string): WriteResult {
    assertEntryKey(key)
    const member = this.#self().member
    if (member === undefined) return { ok: false, reason: 'not-member', detail: 'this device is no longer in the workspace' }
    return this.#commitPlan(planMoveToTrash(this.handle.doc(), key, { member, device: this.#ws.deviceId }, this.#now(), this.type.trashRetentionMs, this.#effects))
  }

  restore(key: string): WriteResult {
    assertEntryKey(key)
    return this.#commitPlan(planRestore(this.handle.doc(), key, this.#effects))
  }

  dismissNotice(key: string): WriteResult {
    assertEntryKey(key)
    return this.#commitPlan(planDismissNotice(this.handle.doc(), key))
  }

  /** Keys whose value was set concurrently, with every value and its author. */
  conflicts(): FieldConflict[] {
    return listConflicts(this.handle.doc(), this.#ws.membership)
  }

  /** Keeps the value set by operation `op` (from `conflicts()`), superseding the others. */
  pick(path: readonly (string | number)[], op: string): WriteResult {
    return this.#commitPlan(planPick(this.handle.doc(), path, op))
  }

  /** Runs upkeep now (it also runs by itself after changes); readers do nothing. */
  maintain(): UpkeepReport {
    const idle: UpkeepReport = { migrated: false, restored: [], purged: [], repaired: [] }
    if (!this.access.writable || this.#upkeepRunning) return idle
    this.#upkeepRunning = true
    try {
      const report = runUpkeep({ type: this.type, handle: this.handle, effects: this.#effects, view: this.#view, now: this.#now(), since: this.#upkeepHeads })
      this.#upkeepHeads = A.getHeads(this.handle.doc())
      if (report.migrated || report.restored.length + report.purged.length + report.repaired.length > 0) this.emit('upkeep', report)
      return report
    } finally {
      this.#upkeepRunning = false
    }
  }

  /** Resolves once past changes are reflected: events emitted, upkeep run. */
  async settled(): Promise<void> {
    // Upkeep's writes schedule another refresh: wait for that one too.
    do await this.#settled
    while (this.#refreshScheduled)
  }

  /** Changes in the document's history its rules refuse (what peers refuse once the engine calls the hook). */
  audit(): AuditFinding[] {
    return auditChanges(this.type as DocumentType<unknown>, this.handle.doc(), this.#effects, (device) => this.#authorOf(device))
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off()
  }

  #commitPlan(plan: Plan<string>): WriteResult {
    if (!plan.ok) return { ok: false, reason: plan.reason as Exclude<WriteResult, { ok: true }>['reason'], detail: plan.detail }
    return this.#commit(plan.write)
  }

  /** Writes only what the rules every peer runs accept (checked-write.ts). */
  #commit(write: PlannedWrite): WriteResult {
    const access = this.access
    if (!access.writable) return { ok: false, reason: access.reason, detail: access.detail }
    return writeChecked({ type: this.type, handle: this.handle, effects: this.#effects, self: () => this.#self() }, write)
  }

  #self(): ChangeAuthor {
    return this.#authorOf(this.#ws.deviceId)
  }

  #authorOf(device: string): ChangeAuthor {
    const membership = this.#ws.membership
    const member = membership.devices.get(device)?.record.user
    const info = member === undefined ? undefined : membership.members.get(member)
    return { device, member, role: info && !info.removed ? info.role : undefined }
  }

  /** Changes come in bursts (a batch from the engine, a user typing): one refresh per burst. */
  #changed(): void {
    if (this.#refreshScheduled) return
    this.#refreshScheduled = true
    this.#settled = new Promise<void>((resolve) =>
      queueMicrotask(() => {
        this.#refreshScheduled = false
        try {
          this.#refresh()
        } finally {
          resolve()
        }
      }),
    )
  }

  #refresh(): void {
    const view = this.read()
    this.emit('change', view)
    for (const notice of view.notices) {
      if (this.#notices.has(notice.entry)) continue
      this.#notices.add(notice.entry)
      this.emit('notice', notice)
    }
    for (const entry of [...this.#notices]) if (!view.notices.some((n) => n.entry === entry)) this.#notices.delete(entry)
    // Upkeep's own writes schedule one more refresh, which finds nothing left to do.
    if (this.#upkeepEnabled) this.maintain()
  }
}

function assertEntryKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 500 || !isEntryKey(key)) throw invalidArgument('key', "an entry key: 1–500 characters, not starting with '$'")
}
