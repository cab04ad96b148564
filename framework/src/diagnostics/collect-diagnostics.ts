// Builds a workspace's diagnostic report in the engine (see diagnostic-report.ts for what it
// holds and why). Everything is read, nothing changes: calling it never syncs or writes.

import * as A from '@automerge/automerge'
import type { MemberEntry } from '../membership/entries.ts'
import type { MembershipState } from '../membership/state.ts'
import { FORMAT_VERSION } from '../format/version.ts'
import { storedHead } from '../sync/push.ts'
import type { Rejection } from '../api/rejection.ts'
import { headKeyFor } from '../sync/sync-with-storage.ts'
import { CLIENTFUL_VERSION } from '../version.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'
import type { EngineContext } from '../sync/engine-parts.ts'
import type { WorkspaceStatus } from '../api/workspace-status.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { Role } from '../api/role.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import { DIAGNOSTICS_FORMAT, DIAGNOSTICS_VERSION } from './diagnostic-report.ts'
import type {
  DiagnosticDocument,
  DiagnosticLogEntry,
  DiagnosticMembership,
  DiagnosticRefusal,
  DiagnosticReport,
  DiagnosticStorage,
} from '../api/diagnostic-report.ts'
import { clip, redactStorageUrl, withoutSecrets } from './redact.ts'

/** How many of the latest membership entries and refusals a report lists. */
export const DIAGNOSTIC_LOG_LIMIT = 200
export const DIAGNOSTIC_REFUSAL_LIMIT = 50

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString())

/** What a report reads of its workspace. */
export type DiagnosticsSource = EngineContext<'local' | 'identity' | 'now' | 'outbox' | 'docs' | 'progress' | 'membership'> & {
  readonly status: WorkspaceStatus
  readonly role: Role | undefined
  readonly config: WorkspaceConfig
  readonly storageUrls: readonly string[]
  storageCredentials(url: string): Promise<StorageCredentials | undefined>
  rejected(): Promise<Rejection[]>
}

export async function collectDiagnostics(ws: DiagnosticsSource): Promise<DiagnosticReport> {
  const { local, now, identity, outbox, docs, progress } = ws.parts
  const status = ws.status
  const storages = await Promise.all(
    status.storages.map(async (s): Promise<DiagnosticStorage> => ({
      url: redactStorageUrl(s.url),
      state: s.state,
      errorKind: s.errorKind,
      error: s.error === undefined ? undefined : clip(s.error),
      lastSyncAt: iso(s.lastSyncAt),
      restored: s.restored,
      ownLogHead: await storedHead(local, await headKeyFor(ws, s.url)),
    })),
  )
  const unsealed = await docs.unsealed()
  const rejections = await ws.rejected()
  const report: DiagnosticReport = {
    format: DIAGNOSTICS_FORMAT,
    v: DIAGNOSTICS_VERSION,
    createdAt: new Date(now()).toISOString(),
    versions: { clientful: CLIENTFUL_VERSION, storageFormat: FORMAT_VERSION, platform: platformName() },
    ids: { workspace: ws.id, device: ws.deviceId, user: identity.userId, genesisHash: ws.config.genesisHash },
    role: ws.role,
    status: {
      online: status.online,
      syncing: status.syncing,
      storage: status.storage,
      uploaded: status.uploaded,
      pendingChanges: status.pendingChanges,
      pendingAttachments: status.pendingAttachments,
      lastSyncAt: iso(status.lastSyncAt),
      problems: status.problems.map((problem) => (problem.kind === 'own-log-repaired' ? { ...problem, url: redactStorageUrl(problem.url) } : problem)),
    },
    storages,
    relay: { url: ws.config.relay === undefined ? undefined : redactStorageUrl(ws.config.relay), state: status.relay },
    outbox: {
      lastSeq: outbox.lastSeq,
      pendingChanges: outbox.pendingChanges,
      pendingEnvelopes: (await outbox.pending()).map(({ seq, changes }) => ({ seq, changes })),
      unsealedDocuments: unsealed.size,
    },
    progress: [...(await progress.all())].map(([device, set]) => ({ device, highWater: set.highWater, max: set.max })),
    documents: await documentsOf(ws, unsealed),
    membership: membershipOf(ws.parts.membership.state, await entriesOf(ws)),
    refusals: { count: rejections.length, recent: rejections.slice(-DIAGNOSTIC_REFUSAL_LIMIT).map(refusalOf) },
    errors: [status.error, ...status.storages.map((s) => s.error)].filter((line): line is string => line !== undefined).map((line) => clip(line)),
  }
  return withoutSecrets(report, await secretsOf(ws))
}

async function documentsOf(ws: DiagnosticsSource, unsealed: ReadonlyMap<string, number>): Promise<DiagnosticDocument[]> {
  const out: DiagnosticDocument[] = []
  for (const id of await ws.parts.docs.ids()) {
    const handle = await ws.parts.docs.open(id)
    out.push({ id, heads: [...A.getHeads(handle.doc())].sort(), unsealed: unsealed.has(id) })
  }
  return out
}

async function entriesOf(ws: DiagnosticsSource): Promise<Map<string, MemberEntry>> {
  const rows = await ws.parts.local.rangeJson<MemberEntry>([...workspacePrefix(ws.id), 'members'])
  return new Map(rows.map((row) => [row.key.at(-1)!, row.value]))
}

function membershipOf(state: MembershipState, entries: ReadonlyMap<string, MemberEntry>): DiagnosticMembership {
  return {
    entries: state.order.length,
    currentEpoch: state.currentEpoch,
    needsRotation: state.needsRotation,
    epochs: [...state.epochs.values()].map((e) => ({ id: e.id, position: e.position, creator: e.creator, holders: e.holders.size })),
    members: [...state.members.values()].map((m) => ({ user: m.userId, role: m.role, removed: m.removed, devices: [...m.devices].sort() })),
    devices: [...state.devices.values()].map((d) => ({ id: d.record.id, user: d.record.user, kind: d.record.kind ?? 'device', removed: d.removed })),
    refusedEntries: [...state.refused].map(([hash, reason]) => ({ hash, reason: clip(reason) })),
    waitingEntries: state.waiting.length,
    log: state.order.slice(-DIAGNOSTIC_LOG_LIMIT).flatMap((hash) => {
      const entry = entries.get(hash)
      return entry ? [logEntryOf(hash, entry)] : []
    }),
  }
}

/** Who did what: the entry's type, author, time and subject; never its lockboxes or invite keys. */
function logEntryOf(hash: string, entry: MemberEntry): DiagnosticLogEntry {
  const base = { hash, type: entry.type, author: entry.author, at: new Date(entry.at).toISOString() }
  switch (entry.type) {
    case 'invite':
      return { ...base, role: entry.body.role }
    case 'join':
      return { ...base, subject: entry.body.device.id }
    case 'add-device':
      return { ...base, subject: entry.body.device.id }
    case 'role':
      return { ...base, subject: entry.body.member, role: entry.body.role }
    case 'remove-member':
      return { ...base, subject: entry.body.member }
    case 'remove-device':
      return { ...base, subject: entry.body.device }
    case 'ack':
      return { ...base, subject: entry.body.device }
    default:
      return base
  }
}

function refusalOf(r: Rejection): DiagnosticRefusal {
  return {
    kind: r.kind,
    source: r.source,
    reason: r.reason,
    detail: clip(r.detail),
    ...(r.path !== undefined && { path: r.path }),
    ...(r.device !== undefined && { device: r.device }),
    ...(r.seq !== undefined && { seq: r.seq }),
    at: new Date(r.at).toISOString(),
  }
}

/** Credentials this device holds for the workspace's storage: they must not appear anywhere. */
async function secretsOf(ws: DiagnosticsSource): Promise<string[]> {
  const own = Object.values(ws.config.credentials ?? {}).flatMap((c) => Object.values(c))
  const shared = await Promise.all(ws.storageUrls.map((url) => ws.storageCredentials(url).catch(() => undefined)))
  return [...own, ...shared.flatMap((c) => Object.values(c ?? {}))]
}

function platformName(): string {
  const global = globalThis as { navigator?: { userAgent?: string }; process?: { version?: string } }
  if (global.process?.version) return `node ${global.process.version}`
  return global.navigator?.userAgent ?? 'unknown'
}
