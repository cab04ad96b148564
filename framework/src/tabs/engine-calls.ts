// What other tabs may ask of the device's engine, by name: the app-facing API only (never
// internals), with answers that survive structured cloning (ids instead of objects). Calls
// marked idempotent are re-sent to the next engine if the one asked closes before answering;
// the others fail with 'interrupted' and the app asks the user to check and try again.

import * as A from '@automerge/automerge'
import type { CreateWorkspaceOptions, InviteOptions, RemoveStorageOptions } from '../api/options.ts'
import type { AttachmentRef } from '../api/attachment-ref.ts'
import type { Clientful } from '../client.ts'
import type { DocHandle } from '../docs/doc-handle.ts'
import type { Role } from '../api/role.ts'
import type { EraseRequest } from '../api/erase-request.ts'
import type { StorageCredentials } from '../api/storage-credentials.ts'
import { ClientfulError } from '../util/errors.ts'
import type { Workspace } from '../workspace/workspace.ts'
import type { CallTarget } from './tab-protocol.ts'
import type { WorkspaceSnapshot } from './workspace-snapshot.ts'

/** What the engine tab offers besides its engine: live sync on behalf of other tabs. */
export interface EngineServices {
  readonly engine: Clientful
  ensureLive(ws: Workspace): void
  /** A document handed to another tab: its later changes are broadcast to every tab. */
  share(ws: Workspace, handle: DocHandle<unknown>): void
}

type Call<T> = (target: T, args: readonly any[], services: EngineServices) => Promise<unknown>

const CLIENT: Record<string, Call<Clientful>> = {
  identity: async (c) => ({ deviceId: c.deviceId, userId: c.userId }),
  workspaces: (c) => c.workspaces(),
  createWorkspace: async (c, [options]) => (await c.createWorkspace(options as CreateWorkspaceOptions)).id,
  join: async (c, [code]) => (await c.join(code as string)).id,
  devices: (c) => c.devices(),
  removeDevice: (c, [device]) => c.removeDevice(device as string),
  createDeviceLink: (c, [lifetimeMs]) => c.createDeviceLink(lifetimeMs as number | undefined),
  linkThisDevice: async (c, [code]) => (await c.linkThisDevice(code as string)).map((ws) => ws.id),
  createRecoveryKit: (c) => c.createRecoveryKit(),
  restoreFromKit: async (c, [text]) => (await c.restoreFromKit(text as string)).map((ws) => ws.id),
}

const WORKSPACE: Record<string, Call<Workspace>> = {
  state: async (ws) => snapshotOf(ws),
  openDoc: async (ws, [name, create], services) => {
    const handle = create ? await ws.doc(name as string) : await ws.findDoc(name as string)
    if (!handle) return undefined
    services.share(ws, handle as DocHandle<unknown>)
    return { docId: handle.id, saved: A.save(handle.doc()) }
  },
  documents: (ws) => ws.documents(),
  exportJson: (ws) => ws.exportJson(),
  sync: (ws) => ws.sync(),
  live: async (ws, _args, services) => services.ensureLive(ws),
  rejected: (ws) => ws.rejected(),
  diagnostics: (ws) => ws.diagnostics(),
  setPresence: async (ws, [state]) => ws.setPresence(state),
  attach: (ws, [doc, key, content, meta]) => ws.attach(doc as string, key as string, content as Blob | Uint8Array, meta as { name?: string; type?: string }),
  createInvite: (ws, [options]) => ws.createInvite(options as InviteOptions | undefined),
  revokeInvite: (ws, [code]) => ws.revokeInvite(code as string),
  changeRole: (ws, [member, role]) => ws.changeRole(member as string, role as Role),
  removeMember: (ws, [member]) => ws.removeMember(member as string),
  removeDevice: (ws, [device]) => ws.removeDevice(device as string),
  rotateKeys: (ws) => ws.rotateKeys(),
  erase: (ws, [request]) => ws.erase(request as EraseRequest),
  publishSnapshot: (ws) => ws.publishSnapshot(),
  addStorage: (ws, [url, credentials]) => ws.addStorage(url as string, credentials as StorageCredentials | undefined),
  setPrimaryStorage: (ws, [url, credentials]) => ws.setPrimaryStorage(url as string, credentials as StorageCredentials | undefined),
  removeStorage: (ws, [url, options]) => ws.removeStorage(url as string, options as RemoveStorageOptions | undefined),
  storageCredentials: (ws, [url]) => ws.storageCredentials(url as string),
  shareStorageCredentials: (ws, [url, credentials]) => ws.shareStorageCredentials(url as string, credentials as StorageCredentials),
}

const ATTACHMENTS: Record<string, Call<Workspace>> = {
  add: (ws, [content, meta]) => ws.attachments.add(content as Blob | Uint8Array, meta as { name?: string; type?: string }),
  bytes: (ws, [ref]) => ws.attachments.bytes(ref as AttachmentRef),
  blob: (ws, [ref]) => ws.attachments.blob(ref as AttachmentRef),
  delete: (ws, [ref]) => ws.attachments.delete(ref as AttachmentRef),
}

/** Safe to send again to the next engine: reading, opening, syncing, starting live sync. */
const IDEMPOTENT = new Set(['identity', 'workspaces', 'devices', 'state', 'openDoc', 'documents', 'exportJson', 'sync', 'live', 'rejected', 'diagnostics', 'storageCredentials', 'bytes', 'blob', 'setPresence'])

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method)
}

export async function callEngine(services: EngineServices, target: CallTarget, wsId: string | undefined, method: string, args: readonly unknown[]): Promise<unknown> {
  const table = target === 'client' ? CLIENT : target === 'workspace' ? WORKSPACE : ATTACHMENTS
  const call = Object.hasOwn(table, method) ? table[method] : undefined
  if (!call) throw new ClientfulError('invalid-argument', `no ${target} call named ${JSON.stringify(method)}`)
  if (target === 'client') return (call as Call<Clientful>)(services.engine, args, services)
  if (wsId === undefined) throw new ClientfulError('invalid-argument', `a ${target} call needs a workspace`)
  return (call as Call<Workspace>)(await services.engine.workspace(wsId), args, services)
}

export function snapshotOf(ws: Workspace): WorkspaceSnapshot {
  return { id: ws.id, name: ws.name, deviceId: ws.deviceId, config: ws.config, storageUrls: ws.storageUrls, membership: ws.parts.membership.state, status: ws.status, presence: ws.presence }
}
