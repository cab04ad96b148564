// The public API of Clientful's core. Platform entry points: clientful/browser and
// clientful/node (they build the Clientful client); clientful/testing exports the
// conformance suites every storage adapter runs.

export type { ClientApi, ClientApiEvents, UserDevice } from './api/client-api.ts'
export type { WorkspaceApi, WorkspaceApiEvents, LiveSession } from './api/workspace-api.ts'
export type { AttachmentsApi, AttachmentsEvents, AttachmentProgress } from './api/attachments-api.ts'
export { Clientful, type ClientfulOptions } from './client.ts'
export { Workspace, type WorkspaceEvents } from './workspace/workspace.ts'
export type { SyncReport } from './api/sync-report.ts'
export type { WorkspaceConfig } from './api/workspace-config.ts'
export type { WorkspaceStatus, RelayState, StorageState, SyncProblem, PullProgress } from './api/workspace-status.ts'
export { describeSyncProblem } from './workspace/describe-problem.ts'
export type { InviteOptions, CreateWorkspaceOptions, LiveSyncOptions } from './api/options.ts'
export type { EraseRequest } from './api/erase-request.ts'
export { verifyStorage, type StorageVerification, type BadFile } from './workspace/verify-storage.ts'
export { DocHandle, type ChangeOrigin, type DocHandleEvents } from './docs/doc-handle.ts'
export { toRepoHandle, type RepoHandle, type RepoHandleEvents, type RepoHandleChangePayload, type RepoHandleHeadsPayload, type RepoHandleResetPayload } from './ecosystem/repo-handle.ts'
export { LiveSync, type LiveSyncStats, type LiveSyncEvents, type RelayOutcome } from './sync/live-sync.ts'
export type { Rejection, RejectionReason, RejectedKind } from './api/rejection.ts'
export { ROLES } from './membership/entries.ts'
export type { Role } from './api/role.ts'
export { isCurrentDevice, type MembershipView, type MemberView, type DeviceView, type InviteView } from './api/membership-view.ts'
export { parseInviteCode, type InviteCode } from './membership/invite-code.ts'
// Invites a person understands: short links, and what they show before joining.
export { encodeShortInvite, parseShortInvite, isShortInvite, type ShortInvite, type ParsedShortInvite } from './invites/short-invite.ts'
export { previewInvite, type InvitePreview, type InvitePreviewResult, type InviteProblem, type PreviewOptions } from './invites/preview-invite.ts'
export type { DeviceIdentity, DeviceRecord } from './identity/device-identity.ts'
export type { KeyStore } from './identity/key-store.ts'
export type { UserStorage, StorageOpener, ListOptions } from './storage/user-storage.ts'
export { StorageError, isStorageError, type StorageErrorKind } from './storage/storage-error.ts'
export { withRetries, type RetryPolicy } from './storage/retrying-storage.ts'
export { RelayClient, type RelayClientOptions } from './relay/relay-client.ts'
export type { WebSocketFactory, WebSocketLike } from './api/websocket-like.ts'
export { ClientfulError, type ClientfulErrorCode } from './util/errors.ts'
export type { Unsubscribe } from './util/events.ts'
export { FORMAT_VERSION } from './format/version.ts'
export { BlobStore, type BlobStoreOptions, type BlobStoreEvents } from './blobs/blob-store.ts'
export { isAttachmentRef, type AttachmentRef } from './blobs/attachment-ref.ts'
export { AttachmentError, type AttachmentErrorReason } from './blobs/attachment-error.ts'
export type { StorageHealth } from './api/workspace-status.ts'
export type { StorageCredentials } from './api/storage-credentials.ts'
export type * from './diagnostics/diagnostic-report.ts'
export { CLIENTFUL_VERSION } from './version.ts'
// The blind mirror: copies a storage's workspaces to another, ciphertext only, holding no keys.
export { mirrorOnce, type MirrorReport, type MirrorOptions } from './mirror/mirror.ts'
// People, not keys: display names every member sets for itself (docs/ARCHITECTURE.md, "Profiles").
export { PROFILES_DOC, MAX_PROFILE_NAME, checkProfile, readProfiles, profileInitials, type Profile, type ProfileCheck } from './profiles/profile.ts'
export { setProfile, profilesOf, memberIdOf, profileChange } from './profiles/profiles.ts'
// Presence: who else has the workspace open, through the relay, never stored.
export { PRESENCE_HEARTBEAT_MS, PRESENCE_TTL_MS, MAX_PRESENCE_STATE_BYTES, type Presence } from './presence/presence.ts'
// The crypto seam: WebCrypto first and pure JS where it lacks a curve, or either one explicitly.
export { useCryptoProvider, defaultCryptoProvider } from './crypto/provider.ts'
export { webCryptoProvider } from './crypto/webcrypto-provider.ts'
export { nobleCryptoProvider } from './crypto/noble-provider.ts'
export type { CryptoProvider, CurveAlgorithm, KeyPair, PrivateKey, AeadKey } from './crypto/crypto-provider.ts'
// App-level semantics: typed documents, migrations, rules, trash, invariants, conflicts, erasure (docs/APP-MODEL.md).
export {
  defineDocumentType,
  openTyped,
  TypedDocument,
  defineRule,
  entryRule,
  validate,
  createChangeValidator,
  screenChanges,
  checkedTypes,
  defineInvariant,
  listTrash,
  planMoveToTrash,
  planRestore,
  listConflicts,
  eraseDocument,
  eraseEntries,
  eraseAttachment,
  eraseMemberWrites,
  resolveDocument,
  listErasures,
  DEFAULT_TRASH_RETENTION_MS,
  type DocumentType,
  type DocumentTypeOptions,
  type Migration,
  type OpenOptions,
  type TypedDocumentEvents,
  type DocumentView,
  type UpkeepReport,
  type AuditFinding,
  type WriteResult,
  type WriteRefusal,
  type DocumentAccess,
  type SchemaIssue,
  type Rule,
  type RuleContext,
  type RuleOutcome,
  type EntriesState,
  type EntryChange,
  type ChangeAuthor,
  type Verdict,
  type ChangeValidator,
  type Refusal,
  type Invariant,
  type InvariantState,
  type TrashItem,
  type TrashRecord,
  type TrashRefusal,
  type Plan,
  type PlannedWrite,
  type RestoreNotice,
  type FieldConflict,
  type ConflictValue,
  type EraseResult,
  type ErasureRequest,
  type ErasureMark,
} from './app-model/index.ts'
