// A document opened with its type: typed reads, writes checked against the type's schema and
// rules before they are made (the same rules every peer runs), the trash, conflicts, and the
// writer's upkeep after every change. Works over `WorkspaceApi`, so in every tab.

import * as A from '@automerge/automerge'
import type { WorkspaceApi } from '../../api/workspace-api.ts'
import type { DocHandle } from '../../docs/doc-handle.ts'
import { invalidArgument } from '../../util/errors.ts'
import { Emitter, type Unsubscribe } from '../../util/events.ts'
import { ChangeEffects } from '../change-effect.ts'
import { listConflicts, planPick, type FieldConflict } from '../conflicts/conflicts.ts'
import { ERASED_KEY, isEntryKey } from '../document-keys.ts'
import { parseErasureMark } from '../erasure/erasure-mark.ts'
import { deepEqual } from '../plain.ts'
import { stateAt } from '../document-state.ts'
import type { Plan, PlannedWrite } from '../planned-write.ts'
import type { ChangeAuthor, Verdict } from '../rules/rule.ts'
import { judgeChange } from '../rules/judge-change.ts'
import { validate } from '../rules/validate.ts'
import { planDismissNotice, planMoveToTrash, planRestore, trashStatus } from '../trash/trash.ts'
import type { RestoreNotice } from '../trash/trash-record.ts'
import type { DocumentType } from './document-type.ts'
import { ViewCache, type DocumentView } from './document-view.ts'
import { checkSchema } from './standard-schema.ts'
import { runUpkeep, type UpkeepReport } from './upkeep.ts'
import { WRITTEN, type DocumentAccess, type WriteResult } from './write-result.ts'

export interface TypedDocumentEvents<E> extends Record<string, unknown> {
  /** The document changed (here or elsewhere); the new view. */
  change: DocumentView<E>
  /** An entry came back out of the trash because someone edited it while it was deleted. */
  notice: { readonly entry: string; readonly notice: RestoreNotice }
  /** Upkeep wrote something. */
  upkeep: UpkeepReport
}

export interface TypedDocumentOptions {
  /** Run upkeep after every change (default true; readers never do). */
  readonly upkeep?: boolean
  readonly now?: () => number
  /** Set when the document (and everything of it) was erased. */
  readonly erased?: boolean
}

/** A change in the document's history that its type's rules refuse (see `audit`). */
export interface AuditFinding {
  readonly hash: string
  readonly device: string
  readonly rule: string
  readonly detail: string
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
    const state = stateAt(this.handle.doc())
    if (this.#erased || state.erased) {
      const successor = parseErasureMark(state.get(ERASED_KEY))?.successor
      return { writable: false, reason: 'erased', detail: successor ? `${this.name} was erased; what was kept is in ${successor}: open it again` : `${this.name} was erased` }
    }
    const role = this.#ws.role
    if (role === undefined) return { writable: false, reason: 'not-member', detail: 'this device is no longer in the workspace' }
    if (role === 'reader') return { writable: false, reason: 'reader', detail: 'readers do not write' }
    if (state.type !== undefined && state.type !== this.type.name) return { writable: false, reason: 'wrong-type', detail: `${this.name} holds ${state.type}, not ${this.type.name}` }
    if (state.version > this.type.version) {
      return { writable: false, reason: 'app-outdated', detail: `${this.name} is at version ${state.version}; this app knows version ${this.type.version}: update the app to edit it` }
    }
    return { writable: true }
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
    const value = structuredClone(entry) as unknown
    return this.#commit({
      message: 'clientful:put',
      edit: (root) => {
        const current = root[key]
        if (!isMap(current) || !isMap(value)) return void (root[key] = value)
        for (const field of Object.keys(current)) if (!Object.hasOwn(value, field)) delete current[field]
        for (const [field, v] of Object.entries(value)) if (!deepEqual(current[field], v)) current[field] = v
      },
    })
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
    const doc = this.handle.doc()
    const findings: AuditFinding[] = []
    for (const change of A.getAllChanges(doc)) {
      const effect = this.#effects.of(doc, change)
      const device = effect.actor.slice(0, -8)
      const verdict: Verdict = judgeChange({ type: this.type as DocumentType<unknown>, doc, effect, author: this.#authorOf(device), own: false, effects: this.#effects })
      if (!verdict.ok) findings.push({ hash: effect.hash, device, rule: verdict.rule, detail: verdict.detail })
    }
    return findings
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off()
  }

  #commitPlan(plan: Plan<string>): WriteResult {
    if (!plan.ok) return { ok: false, reason: plan.reason as Exclude<WriteResult, { ok: true }>['reason'], detail: plan.detail }
    return this.#commit(plan.write)
  }

  /** Tries the write on a copy against the rules every peer runs, then makes it. */
  #commit(write: PlannedWrite): WriteResult {
    const access = this.access
    if (!access.writable) return { ok: false, reason: access.reason, detail: access.detail }
    const before = this.handle.doc()
    const tentative = A.change(A.clone(before), { message: write.message }, (d) => write.edit(d as Record<string, unknown>))
    let verdict: Verdict
    try {
      if (A.getHeads(tentative).join() === A.getHeads(before).join()) return WRITTEN
      verdict = validate(this.type, before, tentative, this.#self(), { own: true, effects: this.#effects })
    } finally {
      A.free(tentative) // a full copy in wasm memory: do not wait for the garbage collector
    }
    if (!verdict.ok) {
      const reason = verdict.rule === 'clientful/entry-schema' ? 'invalid-entry' : verdict.rule === 'clientful/app-outdated' ? 'app-outdated' : 'rule-broken'
      return { ok: false, reason, rule: verdict.rule, detail: verdict.detail }
    }
    this.handle.change((d) => write.edit(d), write.message)
    return WRITTEN
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

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
