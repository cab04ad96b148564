// What an app does with an open workspace. The engine (`Workspace`, in Node and in the tab
// that runs the device's engine) and the tab proxy (every other tab of a browser profile)
// implement it, so app code and the React bindings work the same in both.

import type { DocHandle } from '../docs/doc-handle.ts'
import type { Emitter } from '../util/events.ts'
import type { AttachmentRef } from './attachment-ref.ts'
import type { AttachmentsApi } from './attachments-api.ts'
import type { DiagnosticReport } from './diagnostic-report.ts'
import type { MembershipView } from './membership-view.ts'
import type { InviteOptions, LiveSyncOptions, RemoveStorageOptions } from './options.ts'
import type { Presence } from './presence.ts'
import type { Rejection } from './rejection.ts'
import type { Role } from './role.ts'
import type { EraseRequest } from './erase-request.ts'
import type { StorageCredentials } from './storage-credentials.ts'
import type { SyncReport } from './sync-report.ts'
import type { WorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceStatus } from './workspace-status.ts'

export interface WorkspaceApiEvents extends Record<string, unknown> {
  status: WorkspaceStatus
  rejected: Rejection
  /** A document changed, locally (in any tab of this device) or by verified remote changes. */
  change: { docId: string; origin: 'local' | 'remote' }
  /** The membership changed (members, roles, devices or the current epoch). */
  membership: MembershipView
  /** Every edit made so far to this document (in this tab) is on the device's disk. */
  saved: { docId: string }
  /** Other devices present in the workspace changed (heard through the relay; never stored). */
  presence: readonly Presence[]
}

/** Live sync while the app runs; stop it when the workspace is no longer shown. */
export interface LiveSession {
  stop(): Promise<void>
}

export interface WorkspaceApi extends Pick<Emitter<WorkspaceApiEvents>, 'on' | 'once'> {
  readonly id: string
  readonly name: string
  readonly deviceId: string
  readonly config: WorkspaceConfig
  /** Every storage location, the primary (the one invites name) first. */
  readonly storageUrls: string[]
  /** Who is in: members, their devices, invites (read-only; it changes in place on 'membership'). */
  readonly membership: MembershipView
  /** This device's role, or undefined once it is no longer a member. */
  readonly role: Role | undefined
  readonly status: WorkspaceStatus
  readonly attachments: AttachmentsApi
  /** Other devices that have the workspace open now (through the relay), with what each shows. */
  readonly presence: readonly Presence[]
  /** What this device shows the others (app-defined JSON of at most 1 kB, e.g. `{ task: id }`). */
  setPresence(state: unknown): void

  /** Opens the document called `name`, creating it when this workspace has none yet. */
  doc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T>>
  /** The document called `name` if this device has it, without creating it. */
  findDoc<T = Record<string, unknown>>(name: string): Promise<DocHandle<T> | undefined>
  /** Every document of the app on this device, with its name. */
  documents(): Promise<{ id: string; name: string | undefined }[]>
  /** Every document as plain JSON, keyed by name (or id when unnamed). */
  exportJson(): Promise<Record<string, unknown>>
  attach(docName: string, key: string, content: Blob | Uint8Array, meta?: { name?: string; type?: string }): Promise<AttachmentRef>

  /** Pushes and pulls once through every storage location now. */
  sync(): Promise<SyncReport>
  /** Starts live sync (relay and storage) for as long as the app shows this workspace. */
  live(options?: LiveSyncOptions): LiveSession
  /** Everything this device refused, oldest first. */
  rejected(): Promise<Rejection[]>
  /** A report for support: versions, ids, sequence numbers, heads, statuses, errors; no keys, credentials or content. */
  diagnostics(): Promise<DiagnosticReport>

  createInvite(options?: InviteOptions): Promise<string>
  revokeInvite(inviteOrCode: string): Promise<void>
  changeRole(member: string, role: Role): Promise<void>
  removeMember(member: string): Promise<void>
  removeDevice(device: string): Promise<void>
  rotateKeys(): Promise<void>
  /**
   * Erases documents and attachments for good (admins): a signed erasure every device carries
   * out — each forgets the documents' history and rewrites its own files in storage without
   * them — then keys rotate. docs/ERASURE.md says what stays where until every device did.
   */
  erase(request: EraseRequest): Promise<void>
  publishSnapshot(): Promise<{ path: string; documents: number }>

  /** Adds a storage location for the whole team; it gets a copy of the workspace's files. */
  addStorage(url: string, credentials?: StorageCredentials): Promise<void>
  /** Makes a location (added first when new) the primary, the one new invites name, for the whole team. */
  setPrimaryStorage(url: string, credentials?: StorageCredentials): Promise<void>
  /** Stops using a location while another remains (the primary: the next is promoted); `deleteFiles` also deletes its files. */
  removeStorage(url: string, options?: RemoveStorageOptions): Promise<void>
  storageCredentials(url: string): Promise<StorageCredentials | undefined>
  shareStorageCredentials(url: string, credentials: StorageCredentials): Promise<void>
}
