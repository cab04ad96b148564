// A workspace open on this device: its documents, its membership, and sync through the
// user's storage. Live collaboration over the relay is layered on top (sync/live-sync.ts).

import { paths } from '../format/paths.ts'
import * as A from '@automerge/automerge'
import type { DocHandle } from '../docs/doc-handle.ts'
import { DocStore } from '../docs/doc-store.ts'
import type { Role } from '../api/role.ts'
import { parseGenesis } from '../membership/parse-entry.ts'
import { MembershipLog } from '../membership/membership-log.ts'
import { roleOfDevice } from '../membership/state.ts'
import { sessionActorId } from '../identity/device-identity.ts'
import type { EnvelopeFile } from '../format/envelope.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import { isStorageError, type StorageErrorKind } from '../storage/storage-error.ts'
import type { StorageCredentials, UserStorage } from '../storage/user-storage.ts'
import { signedEncryption, type EnvelopeCrypto } from '../sync/envelope-crypto.ts'
import { LiveSync } from '../sync/live-sync.ts'
import { maybePublishSnapshot, publishSnapshot } from '../sync/snapshots.ts'
import { Outbox } from '../sync/outbox.ts'
import { ProgressStore } from '../sync/progress-store.ts'
import { OwnLogChecks, repullOnceAfterUpgrade } from '../sync/own-log-checks.ts'
import { RefusedChanges } from '../sync/refused-changes.ts'
import { mergePulls } from '../sync/pull.ts'
import { storedHead } from '../sync/push.ts'
import type { Rejection } from '../sync/rejection.ts'
import { RejectionLog } from '../sync/rejection-log.ts'
import { Mutex } from '../util/async.ts'
import { ClientfulError, errorMessage, invalidArgument } from '../util/errors.ts'
import { Emitter, type Unsubscribe } from '../util/events.ts'
import { createInvite } from './create-invite.ts'
import { appendEntry, changeRole, removeDevice, removeMember, revokeInvite, rotateKeys } from './membership-actions.ts'
import { carryOutErasures } from '../sync/carry-out-erasures.ts'
import type { EraseRequest } from '../api/erase-request.ts'
import type { LockboxOpener } from '../membership/key-access.ts'
import { Keyring } from '../membership/keyring.ts'
import type { EngineParts } from '../sync/engine-parts.ts'
import { maintainMembership } from './maintain-membership.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'
import { initialStatus, type StorageHealth, type WorkspaceStatus } from '../api/workspace-status.ts'
import { equivocationOf, erasurePending, problemsAfterSync, type UnbackedChanges } from './sync-problems.ts'
import { confirmRelayed, withheld } from '../sync/confirm-relayed.ts'
import { erasedDocs, lastWritableSeq } from '../membership/state.ts'
import { STORAGE_ACCESS_NAME, StorageLocations, StorageMovedError, type StorageLocationsHost } from './storage-locations.ts'
import { BlobStore } from '../blobs/blob-store.ts'
import type { AttachmentRef } from '../blobs/attachment-ref.ts'
import { headKeyFor, syncWithStorage, type StorageSyncHooks, type StorageSyncReport } from '../sync/sync-with-storage.ts'
import type { SyncReport } from '../api/sync-report.ts'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { MembershipView } from '../api/membership-view.ts'
import type { InviteOptions, LiveSyncOptions, RemoveStorageOptions } from '../api/options.ts'
import { collectDiagnostics } from '../diagnostics/collect-diagnostics.ts'
import { PROFILES_DOC } from '../profiles/profile.ts'
import { withProfileRule } from '../profiles/profile-screen.ts'
import { PresenceHub } from '../presence/presence-hub.ts'
import type { Presence } from '../presence/presence.ts'
import type { DiagnosticReport } from '../diagnostics/diagnostic-report.ts'


function errorKindOf(error: unknown): StorageErrorKind | 'format' | undefined {
  if (isStorageError(error)) return error.kind
  if (error instanceof ClientfulError && (error.code === 'unsupported-format' || error.code === 'not-a-workspace')) return 'format'
  return undefined
}

function currentKeys(membership: MembershipLog, keyring: Keyring): EpochKeys {
  const { currentEpoch, epochs } = membership.state
  return keyring.current(currentEpoch, (id) => epochs.get(id)?.position ?? -2)
}

/** The profiles document's id; undefined when this device lacks the genesis key that names documents. */
async function profilesDocId(keyring: Keyring): Promise<string | undefined> {
  try {
    return await keyring.namer.idForName(PROFILES_DOC)
  } catch {
    return undefined
  }
}

/** The reserved document that maps document ids to their names (inside the encryption). */
const INDEX_NAME = '\u0000clientful/index'



export interface WorkspaceEvents extends Record<string, unknown> {
  status: WorkspaceStatus
  rejected: Rejection
  /** A document changed, locally or by verified remote changes. */
  change: { docId: string; origin: 'local' | 'remote' }
  /** Envelopes this device just sealed (the live layer sends them to the relay). */
  sealed: EnvelopeFile[]
  /** The membership changed (members, roles, devices or the current epoch). */
  membership: MembershipView
  /** Every edit made so far to this document is on the device's disk. */
  saved: { docId: string }
  /** Other devices present in the workspace changed (presence/). */
  presence: readonly Presence[]
}

/** @internal The engine's pieces (sync/engine-parts.ts) and what the workspace was opened with. */
export interface WorkspaceParts extends EngineParts {
  readonly deps: WorkspaceDeps
  readonly config: WorkspaceConfig
}

/** A workspace open in the device's engine (see api/workspace-api.ts for what apps use). */
export class Workspace extends Emitter<WorkspaceEvents> implements WorkspaceApi {
  readonly id: string
  readonly name: string
  /** @internal the pieces the live layer and the CLI work with */
  readonly parts: WorkspaceParts
  readonly #syncLock = new Mutex()
  readonly #unsubscribe: Unsubscribe[] = []
  readonly #health = new Map<string, StorageHealth>()
  readonly #host: StorageLocationsHost
  readonly #locations: StorageLocations
  #attachments: BlobStore | undefined
  /** What a sync round asks of this workspace (sync/sync-with-storage.ts). */
  readonly #syncHooks: (reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>) => StorageSyncHooks
  readonly #presence: PresenceHub
  #status: WorkspaceStatus = initialStatus
  #membershipSignature = ''

  static async open(deps: WorkspaceDeps, config: WorkspaceConfig, crypto?: EnvelopeCrypto): Promise<Workspace> {
    const prefix = workspacePrefix(config.id)
    const genesisBytes = await deps.local.getBytes([...prefix, 'genesis'])
    const genesis = genesisBytes && parseGenesis(genesisBytes)
    if (!genesis || !genesis.ok) throw new ClientfulError('internal', `the local copy of workspace ${config.id} is damaged`)
    const membership = new MembershipLog(deps.local, prefix, config.genesisHash, genesis.value)
    await membership.load()
    const keyring = new Keyring(deps.keys, deps.local, config.id, genesis.value.lockbox.epoch)
    await keyring.load()
    const docs = new DocStore(deps.local, prefix, sessionActorId(deps.identity.deviceId))
    const envelopeCrypto = crypto ?? signedEncryption(deps.identity.signing.privateKey, (epoch) => keyring.get(epoch))
    const outbox = new Outbox({
      local: deps.local,
      prefix,
      ws: config.id,
      deviceId: deps.identity.deviceId,
      docs,
      crypto: envelopeCrypto,
      epoch: () => currentKeys(membership, keyring).id,
    })
    await outbox.init()
    await repullOnceAfterUpgrade(deps.local, prefix)
    const screenContext = { deviceId: deps.identity.deviceId, membership: () => membership.state, refused: new RefusedChanges(deps.local, prefix) }
    const parts: WorkspaceParts = {
      deps,
      config,
      local: deps.local,
      identity: deps.identity,
      now: deps.now,
      membership,
      keyring,
      docs,
      outbox,
      progress: new ProgressStore(deps.local, prefix),
      rejections: new RejectionLog(deps.local, prefix),
      crypto: envelopeCrypto,
      applyLock: new Mutex(),
      ownLog: await OwnLogChecks.load(deps.local, prefix),
      screen: withProfileRule(await profilesDocId(keyring), screenContext, deps.rules?.(screenContext)),
    }
    const workspace = new Workspace(parts)
    await workspace.attachments.init()
    workspace.#updateStatus({})
    return workspace
  }

  private constructor(parts: WorkspaceParts) {
    super()
    this.id = parts.config.id
    this.name = parts.config.name
    this.parts = parts
    this.#host = {
      id: parts.config.id,
      deps: parts.deps,
      config: parts.config,
      shared: async () => parts.docs.open(await parts.keyring.namer.idForName(STORAGE_ACCESS_NAME)),
      membership: () => parts.membership.state,
      currentKeys: () => currentKeys(parts.membership, parts.keyring),
      keysOf: (epoch) => parts.keyring.get(epoch),
      signer: parts.deps.identity.signing.privateKey,
    }
    this.#locations = new StorageLocations(this.#host)
    this.#syncHooks = (reject) => ({
      maintainMembership: () => maintainMembership(this, this.lockboxOpeners(), reject),
      membershipChanged: () => this.membershipChanged(),
      onCatchUp: (catchUp) => this.#updateStatus({ catchUp }),
    })
    this.#presence = new PresenceHub({
      ws: parts.config.id,
      deviceId: parts.deps.identity.deviceId,
      userId: () => parts.membership.state.devices.get(parts.deps.identity.deviceId)?.record.user,
      signer: parts.deps.identity.signing.privateKey,
      membership: () => parts.membership.state,
      now: parts.deps.now,
    })
    this.#status = { ...initialStatus, pendingChanges: parts.outbox.pendingChanges }
    this.#unsubscribe.push(
      parts.docs.on('change', (event) => {
        this.emit('change', event)
        if (event.origin === 'local' && this.#status.uploaded) this.#updateStatus({})
      }),
      parts.rejections.on('rejected', (rejection) => {
        this.emit('rejected', rejection)
        // A fork seen over the relay is shown at once, not at the next sync.
        const fork = equivocationOf(this.#status.problems, rejection, parts.deps.now())
        if (fork.length > 0) this.#updateStatus({ problems: [...this.#status.problems, ...fork] })
      }),
      parts.docs.on('saved', (event) => this.emit('saved', event)),
      this.#presence.on('presence', (list) => this.emit('presence', list)),
    )
  }

  /** Keys of the epoch new envelopes are sealed with. */
  currentKeys(): EpochKeys {
    return currentKeys(this.parts.membership, this.parts.keyring)
  }

  get config(): WorkspaceConfig {
    return this.#host.config
  }

  /** Attachments (photos, PDFs…): encrypted chunk by chunk, uploaded on sync, fetched lazily. */
  get attachments(): BlobStore {
    if (!this.#attachments) {
      const workspace = this
      this.#attachments = new BlobStore(
        {
          id: this.id,
          deviceId: this.deviceId,
          parts: this.parts,
          get storageUrls() {
            return workspace.storageUrls
          },
          storage: (url) => this.storage(url),
          primaryReachable: () => this.#status.storages[0]?.state === 'ok',
        },
        this.parts.deps.attachments,
      )
      this.#unsubscribe.push(this.#attachments.on('pending', () => this.#updateStatus({})))
    }
    return this.#attachments
  }

  /**
   * Adds an attachment and stores its reference under `key` in the document `docName`.
   * It uploads with the next sync; until then it is readable on this device.
   */
  async attach(docName: string, key: string, content: Blob | Uint8Array, meta: { name?: string; type?: string } = {}): Promise<AttachmentRef> {
    const ref = await this.attachments.add(content, meta)
    ;(await this.doc<Record<string, unknown>>(docName)).change((d) => void (d[key] = { ...ref }))
    this.#updateStatus({})
    return ref
  }

  /** Every storage location, the primary (the one invites name) first. */
  get storageUrls(): string[] {
    return this.#locations.urls()
  }

  get deviceId(): string {
    return this.parts.deps.identity.deviceId
  }

  /** Who is in the workspace, read-only (the engine's own fold state stays internal). */
  get membership(): MembershipView {
    return this.parts.membership.state
  }

  /** This device's role, or undefined once it is no longer a member. */
  get role(): Role | undefined {
    return roleOfDevice(this.parts.membership.state, this.deviceId)
  }

  get status(): WorkspaceStatus {
    return this.#status
  }

  /** The one place the status is written: the engine's parts report, this composes. */
  #updateStatus(patch: Partial<WorkspaceStatus>): void {
    const storages = this.storageUrls.map((url) => this.#health.get(url) ?? { url, state: 'unknown' as const, errorKind: undefined, error: undefined, lastSyncAt: undefined, restored: 0 })
    const pendingChanges = this.parts.outbox.pendingChanges
    const uploaded = pendingChanges === 0 && !this.parts.docs.hasUnsealed && storages.length > 0 && storages.every((s) => s.state === 'ok')
    this.#status = { ...this.#status, ...patch, storages, pendingChanges, uploaded, pendingAttachments: this.attachments.pendingUploads }
    this.emit('status', this.#status)
  }

  /** A storage location (the primary by default), opened and checked on first use. */
  storage(url: string = this.config.storage): Promise<UserStorage> {
    return this.#locations.open(url)
  }

  /**
   * Adds a storage location for the whole team (checked, then filled with everything this
   * device holds at the next sync). With `credentials`, they are shared with the members, sealed.
   */
  async addStorage(url: string, credentials?: StorageCredentials): Promise<void> {
    await this.#locations.add(url, credentials)
    this.#updateStatus({})
  }

  /**
   * Stops using a storage location, for the whole team, while another remains (removing the
   * primary promotes the next one). Its files stay, unless `deleteFiles`.
   */
  async removeStorage(url: string, options?: RemoveStorageOptions): Promise<void> {
    if (this.storageUrls.includes(url) || !options?.deleteFiles) await this.#locations.remove(url)
    this.#health.delete(url)
    this.#updateStatus({})
    if (options?.deleteFiles) {
      // The removal reaches the remaining locations first: a device that reads it there stops
      // using the old one instead of putting its files back.
      await this.sync()
      await this.#locations.deleteFiles(url)
    }
  }

  /** Makes a storage location the primary (the one new invites name) for the whole team; a new URL is added first. */
  async setPrimaryStorage(url: string, credentials?: StorageCredentials): Promise<void> {
    await this.#locations.setPrimary(url, credentials)
    this.#updateStatus({})
  }

  /** Credentials for a storage URL: this device's own, else those shared in the workspace. */
  storageCredentials(url: string): Promise<StorageCredentials | undefined> {
    return this.#locations.credentials(url)
  }

  /** Shares credentials for a storage URL with every member, inside the workspace's encryption. */
  shareStorageCredentials(url: string, credentials: StorageCredentials): Promise<void> {
    return this.#locations.shareCredentials(url, credentials)
  }

  /** Opens the document called `name`, creating it when this workspace has none yet. */
  async doc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T>> {
    if (typeof name !== 'string' || name.length === 0 || name.length > 500 || name.startsWith('\u0000')) {
      throw invalidArgument('document name', 'a non-empty string of at most 500 characters')
    }
    const id = await this.parts.keyring.namer.idForName(name)
    const handle = await this.parts.docs.open<T>(id)
    // Readers and removed devices cannot share the name: writing it would only be undone.
    const index = await this.#index()
    const role = this.role
    if (index.doc()[id] !== name && role !== undefined && role !== 'reader') index.change((d) => void (d[id] = name))
    return handle
  }

  /** The document called `name` if this device has it, without creating it. */
  async findDoc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T> | undefined> {
    const id = await this.parts.keyring.namer.idForName(name)
    return (await this.parts.docs.has(id)) ? this.parts.docs.open<T>(id) : undefined
  }

  async #index(): Promise<DocHandle<Record<string, string>>> {
    return this.parts.docs.open<Record<string, string>>(await this.parts.keyring.namer.idForName(INDEX_NAME))
  }

  /** Every document of the app on this device, with its name (the framework's own are left out). */
  async documents(): Promise<{ id: string; name: string | undefined }[]> {
    const names = (await this.#index()).doc()
    const { namer } = this.parts.keyring
    const reserved = new Set([await namer.idForName(INDEX_NAME), await namer.idForName(STORAGE_ACCESS_NAME)])
    const ids = await this.parts.docs.ids()
    return ids.filter((id) => !reserved.has(id)).map((id) => ({ id, name: names[id] }))
  }

  /** Every document as plain JSON, keyed by name (or id when unnamed). */
  async exportJson(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {}
    for (const { id, name } of await this.documents()) {
      out[name ?? id] = A.toJS((await this.parts.docs.open(id)).doc())
    }
    return out
  }

  /** Seals local edits into envelopes (durably, on this device). */
  async seal(): Promise<EnvelopeFile[]> {
    // Peers would refuse a reader's (or a removed device's) edits: undo them here too, so this
    // device shows what everyone else sees, and say so in the rejected list.
    const role = this.role
    if (role === undefined || role === 'reader') {
      const undone = await this.parts.outbox.discardUnsealed()
      const count = undone.reduce((sum, d) => sum + d.changes.length, 0)
      if (count > 0) {
        const why = role === 'reader' ? 'you are a reader in this workspace' : 'this device is no longer in this workspace'
        await this.parts.rejections.record({
          kind: 'local-change',
          source: 'local',
          reason: 'unauthorized',
          detail: `${why}: ${count} change(s) were not shared and have been undone`,
          device: this.deviceId,
          at: this.parts.deps.now(),
        })
      }
      return []
    }
    await this.#undoRefusedEdits()
    const sealed = await this.parts.outbox.seal()
    if (sealed.length > 0) {
      this.#updateStatus({})
      this.emit('sealed', sealed)
    }
    return sealed
  }

  /** This device's edits the app's rules refuse are undone before sealing, as a reader's are. */
  async #undoRefusedEdits(): Promise<void> {
    const { screen, outbox, rejections, deps } = this.parts
    if (!screen) return
    const undone = await outbox.discardRefused(async (docId, doc, own) => (screen.covers(docId, doc) ? screen.refuse(docId, doc, own) : new Map()))
    for (const { refusals, undone: count } of undone) {
      const first = refusals[0]!
      await rejections.record({
        kind: 'local-change',
        source: 'local',
        reason: 'rule-broken',
        detail: `rule ${first.rule}: ${first.detail} (${count} change(s) were not shared and have been undone)`,
        device: this.deviceId,
        at: deps.now(),
      })
    }
  }

  /**
   * Pushes and pulls once through every storage location. Each location's health lands in
   * the status; the sync fails (and rethrows the first error) only when every location failed.
   */
  sync(): Promise<SyncReport> {
    return this.#syncLock.run(async () => {
      this.#updateStatus({ syncing: true })
      try {
        return await this.#syncEverywhere()
      } finally {
        if (this.#status.syncing) this.#updateStatus({ syncing: false })
        if (this.#status.catchUp) this.#updateStatus({ catchUp: undefined })
      }
    })
  }

  async #syncEverywhere(followedMove = false): Promise<SyncReport> {
    await this.seal()
    const { rejections, deps, outbox } = this.parts
    const rejected: Rejection[] = []
    const reject = async (r: Omit<Rejection, 'at' | 'source'>): Promise<void> => {
      const rejection: Rejection = { ...r, source: 'storage', at: deps.now() }
      rejected.push(rejection)
      await rejections.record(rejection)
    }
    await this.#locations.reconcile()
    let attachmentsUploaded = 0
    const reports: StorageSyncReport[] = []
    const urls: string[] = []
    const errors: unknown[] = []
    let moved = false
    for (const url of this.storageUrls) {
      // A location the team removed, as pulled from one synced before it, is not synced again.
      if (!this.storageUrls.includes(url)) continue
      try {
        const storage = await this.storage(url)
        const report = await syncWithStorage(this, this.#syncHooks(reject), { url, storage }, reject)
        // Only where the workspace itself is or was gone (no genesis before this sync) can the team
        // have moved away: a lost file is repaired, never a reason to believe a note and clear
        // the location.
        const workspaceGone = report.restored > 0 && (report.genesisRestored || (await storage.read(paths.workspace(this.id))) === undefined)
        if (workspaceGone && (await this.#locations.movedAway(url))) {
          moved = true
          continue
        }
        reports.push(report)
        urls.push(url)
        attachmentsUploaded += await this.attachments.upload(url, storage)
        this.#updateStatus({})
        this.#setHealth(url, { state: report.pulled.behind.length > 0 ? 'behind' : 'ok', errorKind: undefined, error: undefined, lastSyncAt: deps.now(), restored: report.restored })
        await this.#locations.reconcile()
      } catch (error) {
        if (error instanceof StorageMovedError) {
          moved = true // and followed: where it went is synced below
          continue
        }
        errors.push(error)
        this.#locations.forget(url) // opened and checked again next round: it may have moved meanwhile
        this.#setHealth(url, { state: 'error', errorKind: errorKindOf(error), error: errorMessage(error), restored: 0 })
      }
    }
    // The workspace moved away from a location this device still used: sync where it went, now.
    if (moved && !followedMove) return this.#syncEverywhere(true)
    // Locations others added or removed, as just pulled (they are synced from the next round).
    await this.#locations.reconcile()
    const erasures = await this.#carryOutErasures(urls, errors.length === 0)
    // Records leave the outbox once every location holds them.
    const heads = await Promise.all(this.storageUrls.map(async (url) => storedHead(deps.local, await headKeyFor(this, url))))
    await outbox.acknowledge(Math.min(...heads))
    const first = reports[0]
    if (!first) {
      // Every location failed: what else it found stays as it was, but an erasure owed shows now.
      const problems = [...this.#status.problems.filter((p) => p.kind !== 'erasure-pending'), ...erasurePending(this.#status.problems, erasures, deps.now())]
      this.#updateStatus({ syncing: false, online: errors.some((e) => isStorageError(e) && e.kind !== 'unreachable'), storage: 'error', error: errorMessage(errors[0]), problems })
      throw errors[0]
    }
    const pulled = mergePulls(reports.map((r) => r.pulled))
    const pushed = reports.reduce((a, r) => (r.pushed.changes > a.changes ? r.pushed : a), first.pushed)
    // A snapshot is an optimisation for new devices: failing to publish one fails nothing.
    await maybePublishSnapshot(this, pulled.changes + pushed.changes, this.parts.deps.snapshotEvery).catch(() => undefined)
    const behind = reports.some((r) => r.pulled.behind.length > 0)
    if (errors.length === 0) await this.parts.ownLog.finishUpgrade(this.storageUrls)
    // Before the problems are read: confirming relayed envelopes may itself find a fork.
    const unbacked = await this.#unbackedChanges(urls, reject)
    this.#updateStatus({
      problems: problemsAfterSync(this.#status.problems, pulled, reports.flatMap((r, i) => (r.ownLog ? [{ url: urls[i]!, report: r.ownLog }] : [])), deps.now(), unbacked, erasures),
      syncing: false,
      online: true,
      storage: errors.length > 0 ? 'error' : behind ? 'behind' : 'ok',
      error: errors.length > 0 ? errorMessage(errors[0]) : undefined,
      lastSyncAt: deps.now(),
    })
    return {
      pushed,
      pulled,
      membershipUploaded: reports.reduce((a, r) => a + r.membershipUploaded, 0),
      attachmentsUploaded,
      rejected: [...rejected, ...pulled.rejected],
    }
  }

  /**
   * Erasures the membership log holds that this device has not finished (docs/ERASURE.md). A
   * failure here fails nothing else: the erasure stays owed, the status says so, and the next
   * sync tries again.
   */
  async #carryOutErasures(urls: readonly string[], everyLocation: boolean): Promise<number> {
    const { deps } = this.parts
    try {
      const targets = await Promise.all(
        urls.map(async (url) => ({ url, storage: await this.storage(url), uploaded: await storedHead(deps.local, await headKeyFor(this, url)) })),
      )
      const context = { id: this.id, deviceId: this.deviceId, parts: this.parts, currentEpoch: () => this.currentKeys().id }
      const hooks = {
        forgetAttachments: async (blobs: readonly { blob: string; device: string }[]) => {
          for (const blob of blobs) await this.attachments.delete(blob)
        },
        replaceSnapshot: () => this.#replaceSnapshot(),
      }
      return (await carryOutErasures(context, hooks, targets, everyLocation)).length
    } catch {
      return this.parts.membership.state.erasures.size > 0 ? 1 : 0
    }
  }

  /** After an erasure: a snapshot without the erased documents, or none where this device may not publish. */
  async #replaceSnapshot(): Promise<void> {
    if (this.role === 'admin' || this.role === 'writer') {
      await publishSnapshot(this)
      return
    }
    const path = paths.snapshot(this.id, this.deviceId)
    for (const url of this.storageUrls) await (await this.storage(url)).delete(path).catch(() => undefined)
  }

  /** Relayed envelopes checked against storage, and envelopes kept past their author's cut. */
  async #unbackedChanges(urls: readonly string[], reject: (r: Omit<Rejection, 'at' | 'source'>) => Promise<void>): Promise<UnbackedChanges> {
    const { progress, deps } = this.parts
    for (const url of urls) await confirmRelayed(this.id, await this.storage(url), progress, reject)
    const keptAfterCut = new Map<string, number>()
    for (const [device, applied] of await progress.all()) {
      const last = lastWritableSeq(this.parts.membership.state, device)
      if (applied.max > last) keptAfterCut.set(device, applied.toJSON().reduce((n, [a, b]) => n + Math.max(0, b - Math.max(a, last + 1) + 1), 0))
    }
    return { unconfirmed: await withheld(progress, deps.now()), keptAfterCut }
  }

  #setHealth(url: string, health: Omit<StorageHealth, 'url' | 'lastSyncAt'> & { lastSyncAt?: number }): void {
    const previous = this.#health.get(url)
    this.#health.set(url, { url, ...health, lastSyncAt: health.lastSyncAt ?? previous?.lastSyncAt })
  }

  /** Who can open lockboxes for this workspace on this device. */
  lockboxOpeners(): LockboxOpener[] {
    const { identity } = this.parts.deps
    return [{ deviceId: identity.deviceId, box: identity.box }]
  }

  /** @internal Called after the membership log changed: tells listeners (e.g. the relay room). */
  membershipChanged(): void {
    const { order, refused, currentEpoch } = this.parts.membership.state
    const signature = `${order.length}/${refused.size}/${currentEpoch}`
    if (signature === this.#membershipSignature) return
    this.#membershipSignature = signature
    this.emit('membership', this.membership)
  }

  /** Changes a member's role (admins only). */
  changeRole(member: string, role: Role): Promise<void> {
    return changeRole(this, member, role)
  }

  /** Removes a member and rotates keys (admins; a member may remove itself to leave). */
  removeMember(member: string): Promise<void> {
    return removeMember(this, member)
  }

  /** Removes a device and rotates keys (admins, or another device of the same user). */
  removeDevice(device: string): Promise<void> {
    return removeDevice(this, device)
  }

  /** Revokes an invite by its code or entry hash (admins only). */
  revokeInvite(inviteOrCode: string): Promise<void> {
    return revokeInvite(this, inviteOrCode)
  }

  /** Uploads a snapshot of every document, so new devices start fast (writers; also automatic). */
  publishSnapshot(): Promise<{ path: string; documents: number }> {
    return publishSnapshot(this)
  }

  /** Moves everyone to a new key epoch (admins only). */
  rotateKeys(): Promise<void> {
    return rotateKeys(this)
  }

  /** Erases documents and attachments for good, for the whole workspace (admins only; docs/ERASURE.md). */
  async erase(request: EraseRequest): Promise<void> {
    await appendEntry(this, 'erase', { docs: [...new Set(request.docIds)].sort(), blobs: [...(request.attachments ?? [])].map(({ blob, device }) => ({ blob, device })) })
    // What this device rewrites from now on is sealed under a key whoever's writes went never had.
    await rotateKeys(this)
    // Gone from this device's disk at once; its files in storage are rewritten at the next sync.
    await this.parts.docs.forget([...erasedDocs(this.parts.membership.state)])
  }

  /** Creates an invite and returns its code (admins only; needs storage to be reachable). */
  createInvite(options?: InviteOptions): Promise<string> {
    return createInvite(this, options)
  }

  /** Starts live sync (relay when `connect` is given, storage always); stop it before close(). */
  live(options: LiveSyncOptions = {}): LiveSync {
    const live = new LiveSync(this, options)
    const off = live.on('relayState', ({ state }) => {
      // Relay up says the network is; relay down leaves "online" to storage's last answer.
      this.#updateStatus({ relay: state, online: state === 'connected' ? true : state === 'offline' ? this.#status.storage === 'ok' : this.#status.online })
    })
    this.#unsubscribe.push(off)
    live.start()
    this.#presence.attach(live) // presence rides on the newest live session's relay room
    return live
  }

  /** Other devices that have this workspace open now, heard through the relay (nothing is stored). */
  get presence(): readonly Presence[] {
    return this.#presence.list
  }

  /** What this device shows, for the others' presence lists (app-defined JSON, e.g. the open task). */
  setPresence(state: unknown): void {
    this.#presence.set(state)
  }

  /** Everything this device refused, oldest first. */
  rejected(): Promise<Rejection[]> {
    return this.parts.rejections.list()
  }

  /** A report for support (see diagnostics/diagnostic-report.ts): nothing secret in it. */
  diagnostics(): Promise<DiagnosticReport> {
    return collectDiagnostics(this)
  }

  async close(): Promise<void> {
    this.#presence.detach()
    for (const off of this.#unsubscribe) off()
    await this.attachments.settle()
    await this.parts.docs.flush()
  }
}
